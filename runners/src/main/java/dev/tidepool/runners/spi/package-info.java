/**
 * What fork-join needs from the worker running it: its own queue and preemption points
 * ({@link dev.tidepool.runners.spi.WorkerQueue}). Exported to Tidepool's fork-join module only.
 */
package dev.tidepool.runners.spi;
