package dev.tidepool.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting in a test for a state that other threads reach and that offers nothing to wait on. */
public final class Conditions {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private Conditions() {}

    /**
     * Returns once {@code state} holds, looking every millisecond; fails with every thread's stack
     * if it does not hold within 60 s.
     *
     * @param what the state, for the failure message
     * @param state the condition to wait for
     */
    public static void awaitUntil(String what, BooleanSupplier state) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!state.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + ": not reached in " + LIMIT.toSeconds() + " s\n" + ThreadDumps.all());
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }
}
