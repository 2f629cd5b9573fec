package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.channels.Chan;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Uses of the runners that must give an answer: a result, or a clear exception, never a hang. */
class NoHangTest {
    /**
     * Tasks blocked in a JDK wait hand their core to helper workers, however many there are: the
     * task queued behind 1,000 blocked ones, which releases them, runs.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void tasksBlockedInJdkWaitsNeverStarveTheTaskThatReleasesThem(Kind kind) throws InterruptedException {
        int blocked = 1_000;
        CountDownLatch gate = new CountDownLatch(1);
        Pool pool = kind.build("jdk-waits-" + kind, 2);
        List<Fut<Boolean>> waiters = new ArrayList<>();
        for (int i = 0; i < blocked; i++) {
            waiters.add(pool.spawn(() -> gate.await(2 * Stuck.LIMIT.toSeconds(), TimeUnit.SECONDS)));
        }
        Fut<Object> releaser = pool.spawn(() -> {
            gate.countDown();
            return null;
        });
        Stuck.await(releaser, "the task queued behind " + blocked + " blocked tasks: " + pool);
        for (Fut<Boolean> w : waiters) {
            assertTrue(Stuck.await(w, "a released task"));
        }
        pool.shutdown();
        assertTrue(Stuck.awaitTermination(pool), pool + " terminated");
    }

    /**
     * A task that came back from a suspension spawns onto a deque of its own (a floating slot) and
     * suspends again, so only an idle worker, woken by the spawn, can run what it spawned. The
     * channel sieve does that once per prime: a stranded stage stops the whole pipeline. The spawn
     * once lost that wake-up (it published the task with a release store, then read whether a
     * worker was idle, without a fence between): a sieve up to 10,000 then hung within 11 to 98
     * rounds, and this test failed about one run in three.
     */
    @Test
    void whatATaskSpawnsBetweenTwoSuspensionsIsAlwaysRun() throws InterruptedException {
        int rounds = Integer.getInteger("tidepool.sieveRounds", 100);
        int limit = 10_000;
        Pool pool = Kind.WS.build("sieve", 2);
        try {
            for (int round = 0; round < rounds; round++) {
                int r = round;
                assertEquals(1229, Stuck.await(pool.spawn(() -> sieve(pool, limit)), "sieve round " + r + ": " + pool));
            }
        } finally {
            pool.shutdownNow(); // does not wait: a stranded stage must not hide the failure behind a hang
        }
        assertTrue(Stuck.awaitTermination(pool), pool + " terminated");
    }

    /** Moonpool's channel sieve up to {@code limit}: one stage per prime; returns how many primes. */
    private static int sieve(Runner pool, int limit) {
        Chan<Integer> first = Chan.bounded(16);
        List<Fut<?>> stages = new ArrayList<>();
        stages.add(pool.spawn(() -> {
            for (int v = 2; v <= limit; v++) {
                first.send(v);
            }
            first.close();
            return null;
        }));
        int primes = 0;
        Chan<Integer> in = first;
        for (Integer p; (p = in.receiveOrNull()) != null; ) {
            primes++;
            Chan<Integer> from = in;
            Chan<Integer> out = Chan.bounded(16);
            int prime = p;
            stages.add(pool.spawn(() -> {
                for (Integer v : from) {
                    if (v % prime != 0) {
                        out.send(v);
                    }
                }
                out.close();
                return null;
            }));
            in = out;
        }
        for (Fut<?> f : stages) {
            f.await();
        }
        return primes;
    }

    private static int chain(Runner r, int depth) {
        return depth == 0 ? 0 : r.spawn(() -> chain(r, depth - 1)).await() + 1;
    }

    /** Each task spawns the next and awaits it: inline runs are bounded, suspension takes over. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aChainOfTasksEachAwaitingTheOneItSpawnedCompletesAtAnyDepth(Kind kind) {
        int depth = 100_000;
        try (Pool pool = kind.build("chain-" + kind, 2)) {
            assertEquals(depth, Stuck.await(pool.spawn(() -> chain(pool, depth)), "a chain of " + depth));
        }
    }

    @Test
    void mainCalledFromAVirtualThreadOrAPoolTaskIsRefusedAtOnce() throws InterruptedException {
        AtomicReference<Throwable> fromVirtual = new AtomicReference<>();
        Thread v = Thread.ofVirtual().start(() -> {
            try {
                Runners.main(main -> 1);
            } catch (Throwable e) {
                fromVirtual.set(e);
            }
        });
        LifecycleTest.assertDoesNotHang(v);
        assertTrue(fromVirtual.get() instanceof IllegalStateException, String.valueOf(fromVirtual.get()));
        assertTrue(fromVirtual.get().getMessage().contains("virtual thread"), fromVirtual.get().getMessage());
        try (Pool pool = Kind.WS.build("calls-main", 1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Stuck.await(pool.spawn(() -> Runners.main(main -> 1)), "main from a task"));
            assertTrue(e.getMessage().contains("Runners.main"), e.getMessage());
        }
    }

    /**
     * The caller of Runners.main keeps an interrupt that came before or during the call, and its
     * carrier loop parks while the body waits instead of spinning (a park with the interrupt set
     * returns at once).
     */
    @Test
    void mainOnAnInterruptedThreadKeepsTheInterruptAndDoesNotSpin() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        AtomicReference<long[]> cpuAndWall = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Promise<Integer> later = Fut.promise();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread caller = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            long cpu0 = mx.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            int v = Runners.main(main -> {
                waiting.countDown();
                return later.fut().await();
            });
            cpuAndWall.set(new long[] {mx.getCurrentThreadCpuTime() - cpu0, System.nanoTime() - wall0, v});
            stillInterrupted.set(Thread.interrupted());
        });
        Stuck.await(waiting, "body started");
        caller.interrupt(); // while the carrier idles, the body waiting
        // The body waits for about 500 ms of wall time: a spinning carrier burns all of it.
        Thread.ofPlatform().start(() -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            later.complete(7);
        });
        LifecycleTest.assertDoesNotHang(caller);
        long[] r = cpuAndWall.get();
        assertEquals(7, r[2]);
        assertTrue(stillInterrupted.get(), "the caller's interrupt was kept");
        assertTrue(r[0] < r[1] / 3, "the caller used " + r[0] / 1_000_000 + " ms of CPU in " + r[1] / 1_000_000
                + " ms: its carrier loop spun");
    }

    @Test
    void runWaitBlockOnItsOwnBackgroundIsRefusedNamingIt() {
        try (Background bg = Background.create("own-bg")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Stuck.await(bg.spawn(() -> bg.runWaitBlock(() -> 1)), "runWaitBlock on its own background"));
            assertTrue(e.getMessage().contains("own-bg"), e.getMessage());
            assertEquals(2, Stuck.await(bg.spawn(() -> 2), "the background runner still works"));
        }
        try (Pool one = Kind.FIFO.build("own-fifo", 1)) {
            assertEquals(3, Stuck.await(one.spawn(() -> one.runWaitBlock(() -> 3)), "a one-worker pool suspends instead"));
        }
    }
}
