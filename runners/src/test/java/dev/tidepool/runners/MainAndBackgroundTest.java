package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MainAndBackgroundTest {
    @Test
    void mainRunsTheBodyAndItsTasksOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        try (Pool compute = Kind.WS.build("compute-for-main", 2)) {
            List<String> carriers = new CopyOnWriteArrayList<>();
            int result = Runners.main(main -> {
                assertEquals("main", main.name());
                assertSame(main, Runner.current().orElseThrow());
                carriers.add(carrierName());
                List<Fut<Integer>> parts = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    int v = i;
                    // a task on main that awaits compute work suspends without blocking main
                    parts.add(main.spawn(() -> {
                        carriers.add(carrierName());
                        return compute.spawn(() -> v * 2).await();
                    }));
                }
                int sum = 0;
                for (Fut<Integer> p : parts) {
                    sum += p.await();
                }
                return sum;
            });
            assertEquals(2 * 4950, result);
            assertTrue(carriers.stream().allMatch(caller.getName()::equals), "main's fibers ran on the caller: " + carriers);
            assertEquals(101, carriers.size());
        }
        assertTrue(Runner.current().isEmpty());
    }

    /** The platform thread under the current virtual thread, read from its string form. */
    private static String carrierName() {
        String s = Thread.currentThread().toString(); // VirtualThread[#id,name]/runnable@carrier
        return s.substring(s.lastIndexOf('@') + 1);
    }

    @Test
    void mainRunsTasksLeftQueuedBeforeReturning() {
        AtomicInteger late = new AtomicInteger();
        String r = Runners.main(main -> {
            for (int i = 0; i < 50; i++) {
                main.run(late::incrementAndGet);
            }
            return "done";
        });
        assertEquals("done", r);
        assertEquals(50, late.get());
    }

    @Test
    void mainRethrowsTheBodysException() {
        IllegalStateException boom = new IllegalStateException("body failed");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> Runners.main(main -> {
            throw boom;
        })));
    }

    @Test
    void backgroundRunsTasksInOrderOnOneNamedPlatformThread() {
        try (Background bg = Background.create("files")) {
            List<Integer> order = new CopyOnWriteArrayList<>();
            List<String> threads = new CopyOnWriteArrayList<>();
            List<Fut<Object>> fs = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int v = i;
                fs.add(bg.spawn(() -> {
                    order.add(v);
                    threads.add(Thread.currentThread().getName() + (Thread.currentThread().isVirtual() ? "/virtual" : ""));
                    return null;
                }));
            }
            fs.forEach(f -> Stuck.await(f, "background task"));
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, order.get(i));
            }
            assertTrue(threads.stream().allMatch("files.worker.0"::equals), threads.get(0));
            assertEquals(1, bg.size());
        }
    }

    @Test
    void backgroundTaskMayBlockAndAwait() {
        try (Background bg = Background.create("blocking"); Pool compute = Kind.FIFO.build("for-bg", 1)) {
            assertEquals(42, Stuck.await(bg.spawn(() -> compute.spawn(() -> 42).await()), "await on background"));
        }
    }

    @Test
    void backgroundRejectsAfterShutdownNamingItself() {
        Background bg = Background.create("closing");
        bg.shutdown();
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> bg.run(() -> {}));
        assertTrue(e.getMessage().contains("closing"), e.getMessage());
        assertFalse(Background.create().name().isEmpty());
    }

    @Test
    void fifoPoolWithOneWorkerStartsTasksInSubmissionOrder() {
        try (Pool pool = Kind.FIFO.build("ordered", 1)) {
            List<Integer> order = new CopyOnWriteArrayList<>();
            List<Fut<Boolean>> fs = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                int v = i;
                fs.add(pool.spawn(() -> order.add(v)));
            }
            fs.forEach(f -> Stuck.await(f, "ordered task"));
            for (int i = 0; i < 5000; i++) {
                assertEquals(i, order.get(i));
            }
        }
    }
}
