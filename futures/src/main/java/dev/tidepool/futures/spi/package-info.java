/**
 * The seam between futures and what runs them: runners install a
 * {@link dev.tidepool.futures.spi.Suspension.Hook} on their workers, queue
 * {@link dev.tidepool.futures.spi.PendingTask}s, and report spans through the tracing hooks.
 * Exported to Tidepool's own modules only; application code never needs it.
 */
package dev.tidepool.futures.spi;
