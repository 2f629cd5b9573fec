package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
        Worker w = pool.core[0].owner;
        while (w == null || w.thread.getState() != Thread.State.WAITING || pool.hasQueuedWork()) {
            if (System.nanoTime() > deadline) {
                Stuck.failWithDump("worker of " + pool.name() + " never parked");
            }
            Thread.onSpinWait();
            w = pool.core[0].owner;
        }
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
            busy.run(new Runnable() {
                @Override
                public void run() {
                    BudgetTest.spin(TASK_NANOS);
                    if (ticks.incrementAndGet() == 5_000) {
                        warm.countDown(); // 10 ms in: past the busy worker's first quantum
                    }
                    if (!stop.get()) {
                        busy.run(this);
                    }
                }
            });
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
}
