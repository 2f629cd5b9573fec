package dev.tidepool.futures.tracing;

import java.time.Instant;

/**
 * One monotonic clock for every timestamp Tidepool puts on a span: {@link System#nanoTime()}
 * anchored once to the wall clock, so that spans and events on different threads nest exactly.
 */
public final class TraceClock {
    private static final long OFFSET;

    static {
        Instant now = Instant.now();
        OFFSET = now.getEpochSecond() * 1_000_000_000L + now.getNano() - System.nanoTime();
    }

    private TraceClock() {}

    /** Nanoseconds since the epoch, monotonic within this JVM. */
    public static long nowEpochNanos() {
        return OFFSET + System.nanoTime();
    }

    /** The epoch time of a {@link System#nanoTime()} reading. */
    public static long toEpochNanos(long nanoTime) {
        return OFFSET + nanoTime;
    }
}
