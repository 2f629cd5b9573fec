/**
 * The tracing seam of the core modules: how a task's span is opened, carried across a spawn and
 * cut at its suspensions ({@link dev.tidepool.futures.tracing.TaskTracing},
 * {@link dev.tidepool.futures.tracing.TaskTrace}), the attribute names and clock every trace uses,
 * and how {@code TIDEPOOL_TRACE} finds the tracing module. Exported to Tidepool's own modules
 * only; kept apart from the runner seam ({@code dev.tidepool.futures.spi}), of which it was the
 * larger part.
 */
package dev.tidepool.futures.tracing;
