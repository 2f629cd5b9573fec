package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.WsPool;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A body with a fixed cost per call (a set-up of 15 ms whatever its range) keeps whole chunks:
 * cutting its chunks into pieces would multiply that cost, so the pieces follow the body's cost
 * per call against per index (see Pieces).
 */
class PieceCostTest {
    private static final long SET_UP_NANOS = 15_000_000;

    @ParameterizedTest(name = "{0} indexes in chunks of {1} on {2} workers")
    @CsvSource({"3000000, 100000, 2", "3000000, 1000000, 2", "3000000, 100000, 1"})
    void aCostPerCallKeepsWholeChunks(int n, int chunk, int workers) {
        int chunks = chunks(0, n, chunk);
        // each chunk that learns while no other has learnt yet: 1, 2, 32 and 8,192 indexes, then
        // the rest; a late sample (a preempted carrier) can add a few
        int bound = Math.max(2 * chunks, chunks + 6 * Math.min(chunks, workers));
        AtomicInteger calls = new AtomicInteger();
        Queue<String> sizes = new ConcurrentLinkedQueue<>();
        try (CoreBudget budget = CoreBudget.of(workers);
                WsPool pool = WsPool.builder().name("set-up").threads(workers).budget(budget).build()) {
            long sum = Setup.await(pool.spawn(() -> ForkJoin.reduce(n, chunk, 0L, (lo, hi) -> {
                if (calls.incrementAndGet() > 4 * bound) {
                    throw new IllegalStateException("cut into pieces: over " + 4 * bound + " calls");
                }
                sizes.add(lo + "+" + (hi - lo));
                long end = System.nanoTime() + SET_UP_NANOS;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait(); // the set-up: the same whatever the range
                }
                long s = 0;
                for (int i = lo; i < hi; i++) {
                    s += i;
                }
                return s;
            }, Long::sum)));
            assertEquals((long) n * (n - 1) / 2, sum);
        }
        assertTrue(calls.get() <= bound, calls.get() + " calls for " + chunks + " chunks, more than " + bound + ": " + sizes);
    }

    /** How many chunks ForkJoin cuts [lo, hi) into: halves until a part fits in a chunk. */
    private static int chunks(int lo, int hi, int chunk) {
        if (hi - lo <= chunk) {
            return 1;
        }
        int mid = (lo + hi) >>> 1;
        return chunks(lo, mid, chunk) + chunks(mid, hi, chunk);
    }
}
