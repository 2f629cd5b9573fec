/**
 * The suspension seam between futures and what runs them, part of the runner SPI (see
 * {@code dev.tidepool.runners.spi} for the whole of it): runners install a
 * {@link dev.tidepool.futures.spi.Suspension.Hook} on the threads that run their tasks, abandon
 * the {@link dev.tidepool.futures.spi.PendingTask}s they drop, and rethrow failures as
 * {@link dev.tidepool.futures.spi.Rethrow} does. It sits in this module because {@code Fut.await}
 * calls it. Application code never needs it. Tracing has its own seam,
 * {@code dev.tidepool.futures.tracing}, exported to Tidepool's modules only.
 */
package dev.tidepool.futures.spi;
