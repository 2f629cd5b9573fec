package dev.tidepool.channels.tck;

import dev.tidepool.channels.Chan;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.tck.TestEnvironment;

/**
 * What the Reactive Streams TCK classes share: their timeouts and the executor the channels'
 * tasks run on. The TCK's own defaults (100 ms to wait for a signal) are tight for a shared
 * 2-core machine; a longer wait costs time only when a signal is missing. Waiting to be sure that
 * no signal comes takes {@link #NO_SIGNALS_MILLIS} each time.
 */
final class TckSupport {
    static final long TIMEOUT_MILLIS = 2_000;
    static final long NO_SIGNALS_MILLIS = 200;
    static final long GC_TIMEOUT_MILLIS = 2_000;

    private TckSupport() {}

    static TestEnvironment environment() {
        return new TestEnvironment(TIMEOUT_MILLIS, NO_SIGNALS_MILLIS);
    }

    /** A platform-thread pool: the publishers' and subscribers' tasks block while they wait. */
    static ExecutorService executor() {
        return Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("tck-", 0).factory());
    }

    /** Cancels every channel a test left behind (ending its producer), then stops the executor. */
    static void stop(List<Chan<?>> channels, ExecutorService exec) throws InterruptedException {
        for (Chan<?> c : channels) {
            c.cancel();
        }
        exec.shutdownNow();
        if (!exec.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the TCK's tasks still run after 60 s");
        }
    }

    static List<Chan<?>> channels() {
        return new CopyOnWriteArrayList<>();
    }
}
