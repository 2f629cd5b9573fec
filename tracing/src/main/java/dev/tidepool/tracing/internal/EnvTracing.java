package dev.tidepool.tracing.internal;

import dev.tidepool.futures.spi.EnvironmentTracing;
import dev.tidepool.tracing.Tracing;

/**
 * Starts tracing from {@code TIDEPOOL_TRACE} when Tidepool first runs a task. A bad value or an
 * unwritable file is reported in one line and the program runs untraced; the tracing started here
 * is closed by a shutdown hook. Public for the service loader only: the package is not exported.
 */
public final class EnvTracing implements EnvironmentTracing {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.tracing");

    /** Used by the service loader. */
    public EnvTracing() {}

    /** {@code value} is what {@link Tracing#fromEnvironment()} reads again. */
    @Override
    public void start(String value) {
        try {
            Tracing t = Tracing.fromEnvironment();
            LOG.log(System.Logger.Level.INFO, "tracing: " + t);
        } catch (RuntimeException e) {
            String why = e.getCause() != null && e instanceof java.io.UncheckedIOException ? e.getCause().getMessage() : e.getMessage();
            LOG.log(System.Logger.Level.ERROR, why + "; running without tracing");
        }
    }
}
