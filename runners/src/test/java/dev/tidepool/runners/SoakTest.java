package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Soak: many tasks through each kind of runner with random spawns, awaits and cancellations,
 * counted one by one. 300,000 tasks per runner kind by default, 10 million with
 * {@code -Dtidepool.runs=long}. Each run prints its figures (tasks, time, peak worker threads).
 */
@Tag("soak")
class SoakTest {
    private static final long TASKS = Runs.pick(300_000, 10_000_000);
    /** Root tasks in flight at once; each grows a random tree of spawned tasks. */
    private static final int ROOTS_IN_FLIGHT = 64;

    /** The bookkeeping of one soak run; a task's id indexes the bit sets. */
    static final class Ledger {
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong settled = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong cancelled = new AtomicLong();
        final AtomicLongArray ran = new AtomicLongArray((int) (TASKS / 64 + 64));
        final AtomicLongArray cancelledIds = new AtomicLongArray((int) (TASKS / 64 + 64));

        static boolean set(AtomicLongArray bits, long id) {
            long mask = 1L << (id & 63);
            return (bits.getAndAccumulate((int) (id >>> 6), mask, (a, b) -> a | b) & mask) == 0;
        }

        static boolean get(AtomicLongArray bits, long id) {
            return (bits.get((int) (id >>> 6)) & (1L << (id & 63))) != 0;
        }
    }

    @ParameterizedTest
    @EnumSource(RunnerKind.class)
    void everyAcceptedTaskRunsExactlyOnce(RunnerKind kind) {
        AtomicInteger live = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        int platformBefore = Stuck.platformThreads();
        Runner runner = kind.build("soak-" + kind, live, peak);
        Ledger ledger = new Ledger();
        long start = System.nanoTime();
        List<Fut<Integer>> roots = new ArrayList<>();
        while (ledger.accepted.get() < TASKS) {
            for (int i = 0; i < ROOTS_IN_FLIGHT; i++) {
                roots.add(spawn(runner, kind, ledger, 6));
            }
            for (Fut<Integer> root : roots) {
                Stuck.await(root, kind + " root task");
            }
            roots.clear();
        }
        // A graceful shutdown returns once every accepted task has run or was skipped as cancelled;
        // a future settles inside its task's run (or in cancel), so all of them are settled now.
        runner.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        long accepted = ledger.accepted.get();
        assertEquals(accepted, ledger.settled.get(), kind + ": futures left pending after termination");

        long ranCount = 0;
        long ranAndCancelled = 0; // cancel() won while the task was already running
        for (long id = 0; id < accepted; id++) {
            boolean ran = Ledger.get(ledger.ran, id);
            boolean cancelled = Ledger.get(ledger.cancelledIds, id);
            if (!ran && !cancelled) {
                Stuck.failWithDump(kind + ": task " + id + " was accepted, never cancelled, never run");
            }
            ranCount += ran ? 1 : 0;
            ranAndCancelled += ran && cancelled ? 1 : 0;
        }
        assertEquals(0, ledger.duplicates.get(), kind + ": tasks run twice");
        assertEquals(0, live.get(), kind + ": worker threads left after termination");
        if (kind == RunnerKind.BACKGROUND) {
            peak.set(1);
            waitUntil(() -> Stuck.platformThreads() <= platformBefore, "the background thread exits");
        }
        System.out.printf("soak %s: %,d tasks accepted, %,d ran, %,d cancelled (%,d of them while running), %.1f s,"
                + " %,.0f tasks/s, peak %d worker threads%n", kind, accepted, ranCount, ledger.cancelled.get(),
                ranAndCancelled, seconds, accepted / seconds, peak.get());
    }

    /**
     * Spawns a task that records its run, then spawns up to 3 children on the same runner and, for
     * each, cancels it (one in five) or awaits it (if the runner allows awaiting inside a task).
     */
    private static Fut<Integer> spawn(Runner runner, RunnerKind kind, Ledger ledger, int depth) {
        long id = ledger.accepted.getAndIncrement();
        if (id >= TASKS) {
            ledger.accepted.decrementAndGet(); // not spawned: the run has enough tasks
            return Fut.of(0);
        }
        Fut<Integer> f = runner.spawn(() -> {
            if (!Ledger.set(ledger.ran, id)) {
                ledger.duplicates.incrementAndGet();
            }
            if (depth == 0) {
                return 1;
            }
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            List<Fut<Integer>> kids = new ArrayList<>(3);
            for (int i = rnd.nextInt(4); i > 0; i--) {
                kids.add(spawn(runner, kind, ledger, depth - 1));
            }
            int sum = 1;
            for (Fut<Integer> k : kids) {
                if (rnd.nextInt(5) == 0 && k.cancel()) {
                    continue;
                }
                if (kind.awaitsInside()) {
                    sum += k.await(); // only this task cancels k, so k settles with a value
                }
            }
            return sum;
        });
        f.onComplete((v, e) -> {
            if (f.isCancelled()) {
                ledger.cancelled.incrementAndGet();
                Ledger.set(ledger.cancelledIds, id);
            }
            ledger.settled.incrementAndGet();
        });
        return f;
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Stuck.LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                Stuck.failWithDump(what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /**
     * Deadlock freedom: a WsPool and a FifoPool of 4 workers each on a budget of one core run a
     * chain of 10,000 tasks, alternating between the pools, where each awaits the next one's
     * result; all start before the last one settles, so every worker of both pools suspends.
     */
    @Test
    void chainOfTenThousandMutualAwaitsOnOneCoreCompletes() {
        int n = 10_000;
        try (CoreBudget one = CoreBudget.of(1)) {
            Pool ws = WsPool.builder().name("chain-ws").threads(4).budget(one).build();
            Pool fifo = FifoPool.builder().name("chain-fifo").threads(4).budget(one).build();
            List<Promise<Integer>> results = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                results.add(Fut.promise());
            }
            CountDownLatch allStarted = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int index = i;
                (i % 2 == 0 ? ws : fifo).run(() -> {
                    allStarted.countDown();
                    int next = index + 1 < n ? results.get(index + 1).fut().await() : -1;
                    results.get(index).complete(next + 1);
                });
            }
            assertEquals(n - 1, Stuck.await(results.get(0).fut(), "head of the chain"));
            Stuck.await(allStarted, "every task of the chain started");
            ws.shutdown();
            fifo.shutdown();
        }
    }
}
