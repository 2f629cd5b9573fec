package dev.tidepool.tracing;

import dev.tidepool.futures.spi.EnvironmentTracing;

/**
 * Starts tracing from {@code TIDEPOOL_TRACE} when Tidepool first runs a task. A bad value or an
 * unwritable file is reported in one line and the program runs untraced; the tracing started here
 * is closed by a shutdown hook.
 */
public final class EnvTracing implements EnvironmentTracing {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.tracing");

    /** Used by the service loader. */
    public EnvTracing() {}

    @Override
    public void start(String value) {
        try {
            Tracing t = Tracing.fromSpec(value.strip());
            LOG.log(System.Logger.Level.INFO, "tracing: " + t);
        } catch (RuntimeException e) {
            String why = e.getCause() != null && e instanceof java.io.UncheckedIOException ? e.getCause().getMessage() : e.getMessage();
            LOG.log(System.Logger.Level.ERROR, why + "; running without tracing");
        }
    }
}
