package dev.tidepool.sync;

import io.opentelemetry.api.trace.Tracer;
import java.util.Objects;

/**
 * Where {@link Lock} and {@link Immlock} report their critical sections. With no tracer installed
 * (the default) they report nothing and pay one volatile read per critical section; with one, each
 * {@code withLock}/{@code update} becomes a span named after the lock, from the request for the
 * lock to its release, with the wait and hold times as attributes
 * {@code tidepool.lock.wait_ns} and {@code tidepool.lock.hold_ns}.
 */
public final class LockTracing {
    private static volatile Tracer tracer;

    private LockTracing() {}

    /** Starts tracing critical sections with {@code t}. */
    public static void install(Tracer t) {
        tracer = Objects.requireNonNull(t, "tracer");
    }

    /** Stops tracing critical sections. */
    public static void uninstall() {
        tracer = null;
    }

    static Tracer tracer() {
        return tracer;
    }
}
