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

/** Waits with a generous limit; on expiry fails with a dump of every thread, virtual ones included. */
final class Stuck {
    static final Duration LIMIT = Duration.ofSeconds(60);

    private Stuck() {}

    static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                failWithDump(what + ": latch still at " + latch.getCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(what + ": interrupted");
        }
    }

    static <T> T await(Fut<T> fut, String what) {
        try {
            return fut.await(LIMIT);
        } catch (TimeoutException e) {
            return failWithDump(what + ": future still pending");
        }
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
