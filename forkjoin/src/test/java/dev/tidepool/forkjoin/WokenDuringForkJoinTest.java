package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.WsPool;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One fork-join task saturating a one-core budget lets a pool woken from idle run between two of
 * its chunks: the join that runs a half inline is a task boundary.
 */
class WokenDuringForkJoinTest {
    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /**
     * Waits until the request worker is parked idle: a wake-up that races its own park is
     * resubmitted by the JDK outside the lane for woken workers, so each round starts parked.
     */
    private static void awaitParked(Thread worker) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (worker.getState() != Thread.State.WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("request worker never parked: " + worker.getState());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void requestRunsWithinAChunkOfALongReduce() throws Exception {
        try (CoreBudget budget = CoreBudget.of(1)) {
            FifoPool requests = FifoPool.builder().name("requests").threads(1).budget(budget).build();
            WsPool compute = WsPool.builder().name("compute").threads(1).budget(budget).build();
            AtomicLong chunks = new AtomicLong();
            CountDownLatch warm = new CountDownLatch(1);
            int n = 1 << 15; // chunks of one element, about 2 µs each: some 65 ms in all
            Fut<Long> sum = compute.spawn(() -> ForkJoin.reduce(n, 1, 0L, (lo, hi) -> {
                spin(2_000);
                if (chunks.incrementAndGet() == 5_000) {
                    warm.countDown();
                }
                return (long) (hi - lo);
            }, Long::sum));
            assertTrue(warm.await(60, TimeUnit.SECONDS), "reduce never got going");
            long worst = 0;
            int rounds = 0;
            Thread[] worker = new Thread[1];
            for (; rounds < 10 && !sum.isDone(); rounds++) {
                if (worker[0] != null) {
                    awaitParked(worker[0]);
                }
                Fut<Long> request = requests.spawn(() -> {
                    worker[0] = Thread.currentThread();
                    return chunks.get();
                });
                // Read after the wake-up is queued: a delay of this thread cannot count against it.
                long submitted = chunks.get();
                worst = Math.max(worst, request.await(Duration.ofSeconds(60)) - submitted);
            }
            assertEquals(n, sum.await(Duration.ofSeconds(60)));
            assertTrue(rounds > 0, "the reduce ended before the first request");
            requests.shutdown();
            compute.shutdown();
            // Without the boundary the request would wait for the whole reduce (thousands of chunks).
            assertTrue(worst <= 3, "chunks run between a request's submission and its start: " + worst);
        }
    }
}
