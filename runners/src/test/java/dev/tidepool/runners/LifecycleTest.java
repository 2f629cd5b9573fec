package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Shutdown, rejection, thread naming, hooks and resource release. */
class LifecycleTest {
    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownRunsEveryAcceptedTaskIncludingThoseSpawnedWhileDraining(Kind kind) {
        Pool pool = kind.build("drain", 3);
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        int parents = 2_000;
        for (int i = 0; i < parents; i++) {
            pool.run(() -> {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                ran.incrementAndGet();
                pool.run(() -> {
                    ran.incrementAndGet();
                    pool.run(ran::incrementAndGet);
                });
            });
        }
        Thread opener = Thread.ofPlatform().start(() -> {
            while (!pool.isShutdown()) {
                Thread.onSpinWait();
            }
            gate.countDown();
        });
        pool.shutdown();
        assertTrue(pool.isTerminated());
        assertEquals(3 * parents, ran.get(), "parents, children and grandchildren all ran before shutdown returned");
        assertThrows(RejectedExecutionException.class, () -> pool.run(() -> {}));
        assertDoesNotHang(opener);
    }

    /** Nothing keeps a terminated pool (the gauges' registry once did, with tracing off: found by the simulation's 200k pools). */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aTerminatedPoolIsNotKeptAlive(Kind kind) throws InterruptedException {
        WeakReference<Pool> ref;
        {
            Pool pool = kind.build("short-lived-" + kind, 2);
            assertEquals(1, Stuck.await(pool.spawn(() -> 1), "a task"));
            pool.shutdown();
            assertTrue(pool.awaitTermination(Duration.ofSeconds(30)), "the pool did not terminate");
            ref = new WeakReference<>(pool);
        }
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(20); // gives a concurrent collector time to clear the reference
        }
        assertTrue(ref.get() == null, "a terminated pool is still reachable");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownLosesNothingUnderConcurrentSubmission(Kind kind) throws Exception {
        for (int round = 0; round < 20; round++) {
            Pool pool = kind.build("race-" + round, 2);
            AtomicLong accepted = new AtomicLong();
            AtomicLong ran = new AtomicLong();
            CountDownLatch someAccepted = new CountDownLatch(4 * 50);
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                submitters.add(Thread.ofPlatform().start(() -> {
                    for (;;) {
                        try {
                            pool.run(ran::incrementAndGet);
                        } catch (RejectedExecutionException e) {
                            assertTrue(e.getMessage().contains(pool.name()), e.getMessage());
                            return;
                        }
                        accepted.incrementAndGet();
                        someAccepted.countDown();
                    }
                }));
            }
            Stuck.await(someAccepted, "submitters started");
            pool.shutdown();
            for (Thread t : submitters) {
                assertDoesNotHang(t);
            }
            assertEquals(accepted.get(), ran.get(), "round " + round + ": every accepted task ran exactly once");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownNowReturnsUnstartedTasksAndCancelsTheirFutures(Kind kind) throws InterruptedException {
        Pool pool = kind.build("now", 1);
        CountDownLatch started = new CountDownLatch(1);
        Fut<Object> running = pool.spawn(() -> {
            started.countDown();
            // Spinning keeps the only worker runnable (a JDK wait would let a helper run the queue).
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            throw new InterruptedException("stopped by shutdownNow");
        });
        Stuck.await(started, "first task started");
        List<Fut<Integer>> queued = new ArrayList<>();
        AtomicInteger ranLater = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            queued.add(pool.spawn(ranLater::incrementAndGet));
        }
        List<Runnable> dropped = pool.shutdownNow();
        assertEquals(10, dropped.size());
        assertTrue(Stuck.awaitTermination(pool), "terminated after shutdownNow");
        for (Fut<Integer> f : queued) {
            CancellationException e = assertThrows(CancellationException.class, f::await);
            assertTrue(e.getMessage().contains("now"), e.getMessage());
        }
        assertTrue(running.isFailed(), "the running task was interrupted");
        dropped.forEach(Runnable::run); // running them later has no effect: their futures are settled
        assertEquals(0, ranLater.get());
        assertThrows(RejectedExecutionException.class, () -> pool.spawn(() -> 1));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void awaitingATaskDroppedByShutdownNowFailsInsteadOfHanging(Kind kind) {
        Pool producer = kind.build("producer", 1);
        Pool consumer = kind.build("consumer", 1);
        CountDownLatch blockerStarted = new CountDownLatch(1);
        AtomicBoolean release = new AtomicBoolean();
        producer.run(() -> { // spins, so the queued task below stays queued
            blockerStarted.countDown();
            while (!release.get()) {
                Thread.onSpinWait();
            }
        });
        Stuck.await(blockerStarted, "producer busy");
        Fut<Integer> never = producer.spawn(() -> 1);
        Fut<String> waiter = consumer.spawn(() -> {
            try {
                return "value " + never.await();
            } catch (CancellationException e) {
                return "cancelled";
            }
        });
        assertEquals(1, producer.shutdownNow().size());
        release.set(true);
        assertEquals("cancelled", Stuck.await(waiter, "consumer awaiting a dropped task"));
        producer.shutdown();
        consumer.shutdown();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void thousandCreateShutdownCyclesLeaveNoThreadBehind(Kind kind) {
        CoreBudget.shared(); // carriers of the shared budget are not the pools' threads
        int before = Stuck.platformThreads();
        AtomicInteger starts = new AtomicInteger();
        AtomicInteger exits = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            PoolBuilder<?, ?> b = kind == Kind.WS ? WsPool.builder() : FifoPool.builder();
            Runner pool = b.name("cycle-" + i).threads(4)
                    .onThreadStart(t -> starts.incrementAndGet())
                    .onThreadExit(t -> exits.incrementAndGet())
                    .build();
            int k = i;
            assertEquals(k + 1, Stuck.await(pool.spawn(() -> pool.spawn(() -> k).await() + 1), "cycle " + i));
            pool.shutdown();
            assertTrue(pool.isTerminated());
            assertEquals(starts.get(), exits.get(), "every worker started has exited after cycle " + i);
        }
        assertTrue(starts.get() >= 4000);
        assertTrue(Stuck.platformThreads() <= before + 1,
                "platform threads: " + before + " before, " + Stuck.platformThreads() + " after");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tasksRunOnTheWorkersThemselvesWithoutAThreadPerTask(Kind kind) {
        AtomicInteger starts = new AtomicInteger();
        Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
        PoolBuilder<?, ?> b = kind == Kind.WS ? WsPool.builder() : FifoPool.builder();
        try (Runner pool = b.name("direct").threads(3).onThreadStart(t -> starts.incrementAndGet()).build()) {
            List<Fut<Object>> fs = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                fs.add(pool.spawn(() -> ranOn.add(Thread.currentThread()) ? null : null));
            }
            fs.forEach(f -> Stuck.await(f, "task"));
        }
        assertEquals(3, starts.get(), "worker threads started for 20,000 tasks that never wait");
        assertTrue(ranOn.size() <= 3, "tasks ran on " + ranOn.size() + " threads");
    }

    @Test
    void budgetsClosedAfterUseLeaveNoThreadBehind() {
        int before = Stuck.platformThreads();
        for (int i = 0; i < 200; i++) {
            try (CoreBudget budget = CoreBudget.of(2)) {
                Runner pool = Kind.values()[i % 2].build("owned-" + i, 3, budget);
                int k = i;
                assertEquals(k + 1, Stuck.await(pool.spawn(() -> pool.spawn(() -> k).await() + 1), "budget cycle " + i));
                pool.shutdown();
            }
        }
        assertTrue(Stuck.platformThreads() <= before + 1,
                "platform threads: " + before + " before, " + Stuck.platformThreads() + " after");
    }

    @Test
    void closingABudgetThatStillRunsAPoolIsAnError() {
        try (CoreBudget budget = CoreBudget.of(1)) {
            Pool pool = Kind.WS.build("still-running", 1, budget);
            IllegalStateException e = assertThrows(IllegalStateException.class, budget::close);
            assertTrue(e.getMessage().contains("still-running"), e.getMessage());
            pool.shutdown();
        }
        CoreBudget.shared().close(); // documented to have no effect
        try (Pool pool = Kind.FIFO.build("after-shared-close", 1)) {
            assertEquals(1, Stuck.await(pool.spawn(() -> 1), "a task on the shared budget"));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void workersAreNamedAfterThePoolAndKnowTheirRunner(Kind kind) {
        try (Pool pool = kind.build("compute", 2)) {
            String name = Stuck.await(pool.spawn(() -> Thread.currentThread().getName()), "name");
            assertTrue(name.matches("compute\\.worker\\.\\d+"), name);
            assertTrue(Stuck.await(pool.spawn(() -> Runner.current().orElseThrow() == pool), "current"));
            assertTrue(Runner.current().isEmpty());
            assertEquals("compute", pool.name());
            assertEquals(2, pool.size());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownFromInsideATaskDoesNotWaitForItself(Kind kind) {
        Pool pool = kind.build("self-stop", 2);
        Stuck.await(pool.spawn(() -> {
            pool.shutdown();
            return pool.isShutdown();
        }), "task that shuts its own pool down");
        assertDoesNotHang(pool);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void numTasksCountsQueuedAndRunningTasks(Kind kind) {
        try (Pool pool = kind.build("counting", 1)) {
            CountDownLatch started = new CountDownLatch(1);
            AtomicBoolean release = new AtomicBoolean();
            // A spinning task keeps its worker runnable, so no helper drains the queue meanwhile.
            pool.run(() -> {
                started.countDown();
                while (!release.get()) {
                    Thread.onSpinWait();
                }
            });
            try {
                Stuck.await(started, "blocker started");
                for (int i = 0; i < 5; i++) {
                    pool.run(() -> {});
                }
                assertEquals(6, pool.numTasks(), "5 queued + 1 running");
            } finally {
                release.set(true);
            }
        }
    }

    /** One spawned task: its future and how many times its body ran. */
    record Spawned(Fut<Integer> fut, AtomicInteger runs) {}

    @Test
    void randomSpawnAwaitCancelRunsEveryUncancelledTaskExactlyOnce() {
        for (Kind kind : Kind.values()) {
            Pool pool = kind.build("random-" + kind, 3);
            Queue<Spawned> all = new ConcurrentLinkedQueue<>();
            List<Fut<Integer>> roots = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                roots.add(spawnCounted(pool, all, 4));
            }
            for (Fut<Integer> f : roots) {
                Stuck.await(f, "random work");
            }
            pool.shutdown();
            int cancelled = 0;
            for (Spawned sp : all) {
                assertTrue(sp.fut().isDone(), "no future left pending");
                if (sp.fut().isCancelled()) {
                    cancelled++;
                    assertTrue(sp.runs().get() <= 1, "a cancelled task ran at most once");
                } else {
                    assertEquals(1, sp.runs().get(), "an uncancelled task ran exactly once");
                }
            }
            assertTrue(all.size() > 1000 && cancelled > 0, kind + ": " + all.size() + " tasks, " + cancelled + " cancelled");
        }
    }

    private static Fut<Integer> spawnCounted(Pool pool, Queue<Spawned> all, int depth) {
        AtomicInteger runs = new AtomicInteger();
        Fut<Integer> f = pool.spawn(() -> {
            runs.incrementAndGet();
            if (depth == 0) {
                return 0;
            }
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            List<Fut<Integer>> kids = new ArrayList<>();
            for (int i = rnd.nextInt(5); i > 0; i--) {
                kids.add(spawnCounted(pool, all, depth - 1));
            }
            for (Fut<Integer> k : kids) {
                if (rnd.nextInt(5) != 0 || !k.cancel()) {
                    k.await(); // only this task may cancel k, so k settled with a value
                }
            }
            return 0;
        });
        all.add(new Spawned(f, runs));
        return f;
    }

    static void assertDoesNotHang(Thread t) {
        try {
            if (!Stuck.join(t)) {
                StackTraceElement[] where = t.getStackTrace(); // before the dump: it may end meanwhile
                Stuck.failWithDump(t.getName() + " still running, state " + t.getState() + ", at "
                        + Arrays.toString(where));
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static void assertDoesNotHang(Runner r) {
        try {
            if (!Stuck.awaitTermination(r)) {
                Stuck.failWithDump(r + " did not terminate");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertFalse(Runner.current().isPresent());
    }
}
