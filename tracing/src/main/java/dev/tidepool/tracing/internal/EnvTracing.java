package dev.tidepool.tracing.internal;

import dev.tidepool.futures.tracing.EnvironmentTracing;
import dev.tidepool.tracing.Tracing;
import java.io.UncheckedIOException;

/**
 * Starts tracing from {@code TIDEPOOL_TRACE} when Tidepool first runs a task. A bad value or an
 * unwritable file is reported in one line on standard error (the person who set the variable
 * reads it there, whatever the logging configuration) and the program runs untraced; the
 * tracing started here is closed by a shutdown hook. Public for the service loader only: the
 * package is not exported.
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
            LOG.log(System.Logger.Level.DEBUG, "tracing: " + t);
        } catch (RuntimeException e) {
            String why = reason(e);
            System.err.println("tidepool: " + (why.contains("TIDEPOOL_TRACE") ? "" : "TIDEPOOL_TRACE=" + value + ": ")
                    + why + "; running without tracing");
        }
    }

    /** The messages down the cause chain, without repeats: "what failed: why". */
    static String reason(Throwable e) {
        StringBuilder b = new StringBuilder();
        Throwable first = e instanceof UncheckedIOException u ? u.getCause() : e; // its message repeats the cause's
        for (Throwable c = first; c != null && c != c.getCause(); c = c.getCause()) {
            String m = c.getMessage();
            if (m == null || m.isBlank() || b.indexOf(m) >= 0) {
                continue;
            }
            if (!b.isEmpty()) {
                b.append(": ");
            }
            b.append(m.strip().replace('\n', ' '));
        }
        return b.isEmpty() ? e.toString() : b.toString();
    }
}
