package dev.tidepool.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.runners.WsPool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Traces of pi, fib and a lock-heavy program pass the Perfetto import rules and show what ran. */
class PerfettoTraceTest {
    @TempDir
    Path dir;

    private TraceCheck.Report traced(String name, Runnable program) throws IOException {
        Path file = dir.resolve(name + ".json");
        try (Tracing _ = Tracing.toPerfetto(file, name)) {
            program.run();
        }
        TraceCheck.Report r = TraceCheck.check(file);
        assertTrue(r.ok(), () -> name + ": " + r.problems());
        return r;
    }

    /**
     * Producers that never pause keep the writer's queue from ever being empty: a flush still
     * completes once what was added before it is written (it used to drain until the queue was
     * empty, and so waited for as long as they ran).
     */
    @Test
    void aFlushCompletesWhileProducersNeverPause() throws Exception {
        Path file = dir.resolve("busy.json");
        AtomicBoolean stop = new AtomicBoolean();
        try (Tracing t = Tracing.toPerfetto(file, "busy");
             WsPool pool = WsPool.builder().name("busy").threads(2).build()) {
            List<Fut<Integer>> producers = new ArrayList<>();
            CountDownLatch busy = new CountDownLatch(2);
            for (int p = 0; p < 2; p++) {
                producers.add(pool.spawn(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        pool.spawn("spam", () -> 1).await();
                        if (++n == 100) {
                            busy.countDown(); // the flushes below start only while both produce
                        }
                    }
                    return n;
                }));
            }
            assertTrue(busy.await(60, TimeUnit.SECONDS), "both producers running");
            for (int round = 0; round < 3; round++) {
                CompletableFuture<Void> flushed = CompletableFuture.runAsync(t::flush);
                flushed.get(60, TimeUnit.SECONDS); // a TimeoutException fails the test
            }
            stop.set(true);
            for (Fut<Integer> f : producers) {
                assertTrue(Scenarios.await(f) >= 100);
            }
        }
        TraceCheck.Report r = TraceCheck.check(file);
        assertTrue(r.ok(), r.problems().toString());
    }

    @Test
    void piTraceIsValidAndShowsEveryChunkOnTheWorkers() throws IOException {
        double[] pi = new double[1];
        TraceCheck.Report r = traced("pi", () -> pi[0] = Scenarios.pi(1_000_000));
        assertEquals(Math.PI, pi[0], 1e-9);
        assertTrue(r.threadNames().containsValue("pi.worker.0"), r.threadNames().toString());
        assertTrue(r.threadNames().containsValue("pi.worker.1"), r.threadNames().toString());
        assertEquals(1, r.slicesByName().get("pi"), r.slicesByName().toString());
        // At least 100 chunks: the range splits into a binary tree with a fork per inner node.
        int forks = r.slicesByName().get("fork");
        assertTrue(forks >= 99, r.slicesByName().toString());
        assertEquals(forks, r.phases().get("s"), "one flow per fork, from the forking task");
        assertEquals(forks, r.phases().get("f"));
        assertTrue(r.phases().getOrDefault("C", 0) > 0, "pool counters: " + r.phases());
    }

    @Test
    void fibTraceIsValid() throws IOException {
        long[] fib = new long[1];
        TraceCheck.Report r = traced("fib", () -> fib[0] = Scenarios.fib(18));
        assertEquals(2584, fib[0]);
        // fib(18) forks once per node above 1: fib(19) - 1 = 4180 forks.
        assertEquals(4180, r.slicesByName().get("fork"), r.slicesByName().toString());
        assertEquals(4180, r.phases().get("s"));
    }

    @Test
    void lockHeavyTraceShowsWaitsHoldsAndSwitches() throws IOException {
        int[] count = new int[1];
        TraceCheck.Report r = traced("locks", () -> count[0] = Scenarios.lockHeavy(8, 200));
        assertEquals(1600, count[0]);
        assertEquals(1600 + 2 + 1, r.slicesByName().get("counter"),
                "every update, the holder's and the contender's, and the final get: " + r.slicesByName());
        assertTrue(r.slicesByName().getOrDefault("counter wait", 0) >= 1, "contention shows as wait slices: " + r.slicesByName());
        assertEquals(4, r.slicesByName().get("log"), "the 4 updates; reads take no lock: " + r.slicesByName());
        for (int t = 0; t < 8; t += 2) {
            assertTrue(r.slicesByName().getOrDefault("worker-" + t, 0) >= 1, r.slicesByName().toString());
        }
        assertTrue(r.phases().getOrDefault("i", 0) >= 2, "switch turn-offs as instants: " + r.phases());
        assertTrue(r.threadNames().values().stream().anyMatch(n -> n.startsWith("requests.worker.")), r.threadNames().toString());
    }

    @Test
    void aSuspendedTaskIsCutIntoSlicesOnItsOwnLane() throws IOException {
        TraceCheck.Report r = traced("suspension", Scenarios::suspendOnce);
        assertEquals(1, r.slicesByName().get("parent"), r.slicesByName().toString());
        assertEquals(1, r.resumedByName().get("parent"), "one suspension: one slice after it: " + r.resumedByName());
        assertEquals(1, r.slicesByName().get("child"), r.slicesByName().toString());
        assertNull(r.resumedByName().get("child"), "the child never suspends");
        assertEquals(1, r.phases().get("s"), "a flow from parent to child");
    }
}
