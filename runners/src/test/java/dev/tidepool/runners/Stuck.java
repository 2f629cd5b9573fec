package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.tidepool.futures.Fut;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits with a generous limit; on expiry fails with a dump of every thread, virtual ones included.
 *
 * <p>Each wait is cut into one-second slices, {@link #LIMIT} of them: a pause of the whole JVM (a
 * frozen VM, a stopped process) counts against a timed wait's monotonic deadline, so a single
 * 60-second wait could give up right after the pause with the awaited thread about to finish (the
 * "Thread-NNNN still running" failures of the long shutdownNow race, and PauseTest). A pause now
 * costs one slice.
 */
final class Stuck {
    static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Duration SLICE = Duration.ofSeconds(1);

    private Stuck() {}

    static void await(CountDownLatch latch, String what) {
        try {
            for (long i = 0; i < LIMIT.dividedBy(SLICE); i++) {
                if (latch.await(SLICE.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            failWithDump(what + ": latch still at " + latch.getCount());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(what + ": interrupted");
        }
    }

    static <T> T await(Fut<T> fut, String what) {
        for (long i = 0; i < LIMIT.dividedBy(SLICE); i++) {
            try {
                return fut.await(SLICE);
            } catch (TimeoutException e) {
                // next slice
            }
        }
        return failWithDump(what + ": future still pending");
    }

    /** Whether {@code t} ended within the limit. */
    static boolean join(Thread t) throws InterruptedException {
        for (long i = 0; i < LIMIT.dividedBy(SLICE) && t.isAlive(); i++) {
            t.join(SLICE);
        }
        return !t.isAlive();
    }

    /** Whether {@code r} terminated within the limit. */
    static boolean awaitTermination(Runner r) throws InterruptedException {
        for (long i = 0; i < LIMIT.dividedBy(SLICE); i++) {
            if (r.awaitTermination(SLICE)) {
                return true;
            }
        }
        return false;
    }

    static <T> T failWithDump(String message) {
        return fail(message + "\n" + dump());
    }

    static String dump() {
        try {
            Path file = Files.createTempFile("tidepool-threads", ".txt");
            Files.delete(file);
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            String text = Files.readString(file);
            Files.delete(file);
            return text;
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    /** Live platform threads of this JVM. */
    static int platformThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
