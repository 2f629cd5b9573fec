/**
 * The seam between futures and what runs them: runners install a
 * {@link dev.tidepool.futures.spi.Suspension.Hook} on their workers, queue
 * {@link dev.tidepool.futures.spi.PendingTask}s and rethrow failures as
 * {@link dev.tidepool.futures.spi.Rethrow} does. Exported to Tidepool's own modules only;
 * application code never needs it. Tracing has its own seam, {@code dev.tidepool.futures.tracing}.
 */
package dev.tidepool.futures.spi;
