package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.fail;

import dev.tidepool.futures.Fut;
import dev.tidepool.testsupport.ThreadDumps;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits with a generous limit; on expiry fails with a dump of every thread, virtual ones included.
 *
 * <p>A pause of the whole JVM (a frozen VM, a stopped process) counts against a timed wait's
 * monotonic deadline, so a single 60-second wait can give up right after a long pause with the
 * awaited thread about to finish (the "Thread-NNNN still running" failures of the long shutdownNow
 * race; PauseTest shows it). Waits here are cut into slices of {@value #SLICE_MILLIS} ms, and a
 * slice counts for at most twice its length whatever the clock says, so {@link #LIMIT} is time the
 * JVM was awake: a pause of any length costs one slice.
 */
final class Stuck {
    static final Duration LIMIT = Duration.ofSeconds(60);
    static final long SLICE_MILLIS = 100;

    private Stuck() {}

    /** A condition checked by waiting at most one slice. */
    @FunctionalInterface
    interface Slice {
        boolean waitFor(long millis) throws InterruptedException;
    }

    /** Waits slice by slice until {@code slice} reports success (true) or the awake time is up (false). */
    static boolean within(Slice slice) throws InterruptedException {
        long awake = 0;
        while (awake < LIMIT.toMillis()) {
            long start = System.nanoTime();
            if (slice.waitFor(SLICE_MILLIS)) {
                return true;
            }
            awake += Math.min(2 * SLICE_MILLIS, (System.nanoTime() - start) / 1_000_000 + 1);
        }
        return false;
    }

    static void await(CountDownLatch latch, String what) {
        try {
            if (!within(ms -> latch.await(ms, TimeUnit.MILLISECONDS))) {
                failWithDump(what + ": latch still at " + latch.getCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(what + ": interrupted");
        }
    }

    static <T> T await(Fut<T> fut, String what) {
        try {
            if (!within(ms -> {
                try {
                    fut.await(Duration.ofMillis(ms));
                    return true;
                } catch (TimeoutException e) {
                    return false;
                } catch (RuntimeException | Error e) {
                    return true; // settled with a failure: await below rethrows it
                }
            })) {
                return failWithDump(what + ": future still pending");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(what + ": interrupted");
        }
        return fut.await();
    }

    /** Whether {@code t} ended within the limit. */
    static boolean join(Thread t) throws InterruptedException {
        return within(ms -> {
            t.join(ms);
            return !t.isAlive();
        });
    }

    /** Whether {@code r} terminated within the limit. */
    static boolean awaitTermination(Runner r) throws InterruptedException {
        return within(ms -> r.awaitTermination(Duration.ofMillis(ms)));
    }

    static <T> T failWithDump(String message) {
        return fail(message + "\n" + dump());
    }

    static String dump() {
        return ThreadDumps.all();
    }

    /** Live platform threads of this JVM. */
    static int platformThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
