package dev.tidepool.futures.tracing;

/**
 * Starts tracing as the environment variable {@code TIDEPOOL_TRACE} asks, found through
 * {@link java.util.ServiceLoader} the first time Tidepool runs a task. The {@code tidepool-tracing}
 * artifact provides it; it must report a bad value itself and never throw at the traced program.
 */
public interface EnvironmentTracing {
    /** Starts tracing for {@code value}, the non-blank value of {@code TIDEPOOL_TRACE}. */
    void start(String value);
}
