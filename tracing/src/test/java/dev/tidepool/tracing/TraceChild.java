package dev.tidepool.tracing;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.runners.WsPool;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** A traced program run in its own JVM by {@link ChildJvmTest}. */
public final class TraceChild {
    private TraceChild() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "killed" -> killed(Path.of(args[1]));
            case "env" -> {
                try (WsPool pool = WsPool.builder().name("env").threads(2).build()) {
                    long sum = 0;
                    for (int i = 0; i < 100; i++) {
                        int k = i;
                        sum += pool.spawn("env-task", () -> (long) k).await();
                    }
                    System.out.println("sum=" + sum);
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /**
     * Traces tasks, among them a parent that finished its children and one that never ends while
     * its children do, flushes, says so, and waits to be killed.
     */
    private static void killed(Path file) throws InterruptedException {
        Tracing t = Tracing.toPerfetto(file);
        try (WsPool pool = WsPool.builder().name("doomed").threads(2).build()) {
            for (int i = 0; i < 200; i++) {
                pool.spawn("before-flush", () -> 1).await();
            }
            pool.spawn("done-parent", () -> {
                for (int i = 0; i < 10; i++) {
                    pool.spawn("done-child", () -> 1).await();
                }
                return 0;
            }).await();
            CountDownLatch orphans = new CountDownLatch(100);
            Promise<Void> never = Fut.promise();
            pool.spawn("endless-parent", () -> {
                for (int i = 0; i < 100; i++) {
                    pool.spawn("orphan-child", () -> 1).await();
                    orphans.countDown();
                }
                return never.fut().await(); // the parent span never ends
            });
            orphans.await();
            t.flush();
            System.out.println("flushed");
            System.out.flush();
            never.fut().await(); // killed here, between two batches: nothing is being written
        }
    }
}
