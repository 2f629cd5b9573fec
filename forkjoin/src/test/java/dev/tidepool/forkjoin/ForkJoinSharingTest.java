package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Both;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fork-join work of a busy pool gives its one core up to another pool owed time, at forks, joins
 * and range pieces: on a one-core budget, the other pool's task runs before the fork-join work
 * has finished (the progress it had made is recorded, not timed).
 */
class ForkJoinSharingTest {
    enum Shape {
        /** A recursion that forks at every node. */
        FORKS,
        /** One range chunk of the whole range (chunk = n), as Moonpool's pi with one worker: only pieces cut it. */
        ONE_LONG_CHUNK
    }

    private static final long TOTAL = 1L << 26;

    @ParameterizedTest
    @EnumSource(Shape.class)
    void anotherPoolRunsInTheMiddleOfForkJoinWork(Shape shape) throws InterruptedException {
        try (CoreBudget one = CoreBudget.of(1)) {
            Runner busy = WsPool.builder().name("fj-busy").threads(1).budget(one).build();
            Runner owed = FifoPool.builder().name("fj-owed").threads(1).budget(one).build();
            AtomicLong steps = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong seen = new AtomicLong(-1);
            CountDownLatch started = new CountDownLatch(1);
            Fut<Object> work = busy.spawn(() -> {
                started.countDown();
                if (shape == Shape.FORKS) {
                    while (steps.get() < TOTAL && !stop.get()) {
                        forks(16, steps, stop);
                    }
                } else {
                    int n = (int) TOTAL;
                    ForkJoin.forRange(n, n, (lo, hi) -> {
                        for (int i = lo; i < hi && !stop.get(); i++) {
                            steps.incrementAndGet();
                        }
                    });
                }
                return null;
            });
            assertTrue(started.await(60, TimeUnit.SECONDS));
            Fut<Object> other = owed.spawn(() -> {
                seen.set(steps.get());
                stop.set(true);
                return null;
            });
            Setup.await(other);
            Setup.await(work);
            assertTrue(seen.get() < TOTAL, shape + ": the other pool ran only after all " + TOTAL + " steps");
            busy.shutdown();
            owed.shutdown();
        }
    }

    private static long forks(int depth, AtomicLong steps, AtomicBoolean stop) {
        steps.incrementAndGet();
        if (depth == 0 || stop.get()) {
            return 1;
        }
        Both<Long, Long> b = ForkJoin.both(() -> forks(depth - 1, steps, stop), () -> forks(depth - 1, steps, stop));
        return b.left() + b.right();
    }
}
