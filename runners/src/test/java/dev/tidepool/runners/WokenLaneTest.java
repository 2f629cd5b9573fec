package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A pool woken from idle gets the core at the next task boundary of a pool that saturates the
 * budget, not after the busy pool's quantum: counted in the busy pool's tasks, not in time.
 */
class WokenLaneTest {
    /** Each busy task takes about 2 µs, so a 1 ms quantum is hundreds of them. */
    private static final long TASK_NANOS = 2_000;

    /**
     * Waits until the pool's only worker is parked idle. A wake-up that races the worker's own
     * park is resubmitted by the JDK from the carrier, outside the woken lane (see CoreBudget), so
     * each round starts from a worker that is parked.
     */
    static void awaitParked(Pool pool) {
        long deadline = System.nanoTime() + Stuck.LIMIT.toNanos();
        while (!someWorkerParked(pool)) {
            if (System.nanoTime() > deadline) {
                Stuck.failWithDump("no worker of " + pool.name() + " ever parked");
            }
            Thread.onSpinWait();
        }
    }

    private static boolean someWorkerParked(Pool pool) {
        for (Slot s : pool.core) {
            Worker w = s.owner;
            if (w != null && w.thread.getState() == Thread.State.WAITING && !pool.hasQueuedWork()) {
                return true;
            }
        }
        return false;
    }

    /** Self-respawning 2 µs tasks on {@code busy}; counts them and opens {@code warm} after 10 ms. */
    private static Runnable busyLoop(Pool busy, AtomicLong ticks, AtomicBoolean stop, CountDownLatch warm) {
        return new Runnable() {
            @Override
            public void run() {
                BudgetTest.spin(TASK_NANOS);
                if (ticks.incrementAndGet() == 5_000) {
                    warm.countDown(); // past the busy worker's first quantum
                }
                if (!stop.get()) {
                    busy.run(this);
                }
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void idleWorkerWokenByATaskRunsWithinATaskOfTheBusyPool(Kind busyKind) {
        try (CoreBudget budget = CoreBudget.of(1)) {
            Pool requests = Kind.FIFO.build("requests", 1, budget);
            Pool busy = busyKind.build("busy", 1, budget);
            AtomicLong ticks = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch warm = new CountDownLatch(1);
            busy.run(busyLoop(busy, ticks, stop, warm));
            Stuck.await(warm, "busy pool warming up");
            long worst = 0;
            for (int round = 0; round < 20; round++) {
                awaitParked(requests);
                Fut<Long> seen = requests.spawn(ticks::get);
                // Read after the wake-up is queued: a delay of this thread cannot count against it.
                long submitted = ticks.get();
                worst = Math.max(worst, Stuck.await(seen, "request") - submitted);
            }
            stop.set(true);
            requests.shutdown();
            busy.shutdown();
            // The quantum alone would let hundreds of busy tasks run first.
            assertTrue(worst <= 3, "busy tasks run between a request's submission and its start: " + worst);
        }
    }

    /**
     * A pool's own wake-ups do not make its busy workers yield: they drain the same queues. A
     * work-stealing pool of two workers on one core: one runs a long task that passes a task
     * boundary every 2 µs (as fork-join code does), the other is parked. A task submitted from
     * outside wakes the parked one; the busy one must not hand it the core at its boundaries.
     */
    @Test
    void ownPoolsWakeUpDoesNotMakeItsBusyWorkerYield() {
        try (CoreBudget budget = CoreBudget.of(1)) {
            Pool pool = Kind.WS.build("own", 2, budget);
            AtomicLong ticks = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch warm = new CountDownLatch(1);
            Fut<Void> busy = pool.spawn(() -> {
                Worker me = Worker.current();
                while (!stop.get()) {
                    BudgetTest.spin(TASK_NANOS);
                    if (ticks.incrementAndGet() == 5_000) {
                        warm.countDown();
                    }
                    me.taskBoundary();
                }
                return null;
            });
            Stuck.await(warm, "busy worker warming up");
            awaitParked(pool);
            Fut<Long> sibling = pool.spawn(ticks::get);
            long submitted = ticks.get();
            long deadline = System.nanoTime() + Stuck.LIMIT.toNanos();
            while (ticks.get() < submitted + 2_000) { // counted in busy steps: no clock involved
                if (System.nanoTime() > deadline) {
                    Stuck.failWithDump("busy task stopped advancing");
                }
                Thread.onSpinWait();
            }
            boolean ranMeanwhile = sibling.isDone();
            stop.set(true);
            Stuck.await(busy, "busy task");
            long started = Stuck.await(sibling, "injected task");
            pool.shutdown();
            assertFalse(ranMeanwhile, "the woken sibling took the core after " + (started - submitted) + " busy steps");
        }
    }
}
