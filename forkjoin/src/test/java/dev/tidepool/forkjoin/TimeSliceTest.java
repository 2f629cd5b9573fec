package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Both;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.WsPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Time slices inside one work-stealing pool: a task from outside starts while every worker is deep
 * in fork-join jobs that only end once it has run, and the jobs it interrupted (set aside, deque
 * and all) lose none of their parts.
 */
class TimeSliceTest {
    enum Shape {
        /** A recursion that forks at every node. */
        FORKS,
        /** Range pieces: one long chunk per job. */
        RANGE
    }

    private static final int WORKERS = 2;
    /** More jobs than workers, so that some wait in the injection queue too. */
    private static final int JOBS = 4;

    @ParameterizedTest
    @EnumSource(Shape.class)
    void aSmallTaskStartsWhileBigForkJoinJobsRun(Shape shape) throws InterruptedException {
        try (CoreBudget budget = CoreBudget.of(WORKERS);
                WsPool pool = WsPool.builder().name("sliced").threads(WORKERS).budget(budget).build()) {
            AtomicBoolean smallRan = new AtomicBoolean();
            CountDownLatch allBusy = new CountDownLatch(WORKERS);
            List<Fut<long[]>> jobs = new ArrayList<>();
            for (int j = 0; j < JOBS; j++) {
                jobs.add(pool.spawn(() -> {
                    allBusy.countDown();
                    return job(shape, smallRan); // runs until the small task has run
                }));
            }
            try {
                assertTrue(allBusy.await(60, TimeUnit.SECONDS), "the jobs did not start: " + pool);
                Fut<Boolean> small = pool.spawn(() -> smallRan.compareAndSet(false, true));
                assertTrue(Setup.await(small), "the small task ran twice");
            } finally {
                smallRan.set(true); // ends the jobs whatever happened, so that the pool can close
            }
            for (Fut<long[]> f : jobs) {
                long[] r = Setup.await(f); // every part of every round ran, once
                assertEquals(r[0], r[1], shape + ": parts counted against parts that should have run");
            }
        }
    }

    /**
     * With slicing off, a job keeps its worker: on one worker (nobody to steal a part, so the job
     * never waits for one and never hands its worker over), the small task starts only once the
     * job has ended.
     */
    @ParameterizedTest
    @EnumSource(Shape.class)
    void withoutSlicesASmallTaskWaitsForTheJobToEnd(Shape shape) throws InterruptedException {
        try (CoreBudget budget = CoreBudget.of(1);
                WsPool pool = WsPool.builder().name("unsliced").threads(1).budget(budget)
                        .timeSlice(Duration.ZERO).build()) {
            AtomicBoolean ended = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            Fut<long[]> job = pool.spawn(() -> {
                started.countDown();
                long[] r = rounds(shape, 100);
                ended.set(true);
                return r;
            });
            assertTrue(started.await(60, TimeUnit.SECONDS), "the job did not start: " + pool);
            assertTrue(Setup.await(pool.spawn(ended::get)), "the small task started before the job ended, with slicing off");
            long[] r = Setup.await(job);
            assertEquals(r[0], r[1]);
        }
    }

    /** The same on one worker with slices: the small task starts in the middle of the job. */
    @ParameterizedTest
    @EnumSource(Shape.class)
    void withSlicesASmallTaskStartsInTheMiddleOfTheOnlyWorkersJob(Shape shape) throws InterruptedException {
        try (CoreBudget budget = CoreBudget.of(1);
                WsPool pool = WsPool.builder().name("sliced1").threads(1).budget(budget).build()) {
            AtomicBoolean smallRan = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            Fut<long[]> job = pool.spawn(() -> {
                started.countDown();
                return job(shape, smallRan);
            });
            try {
                assertTrue(started.await(60, TimeUnit.SECONDS), "the job did not start: " + pool);
                assertTrue(Setup.await(pool.spawn(() -> smallRan.compareAndSet(false, true))));
            } finally {
                smallRan.set(true);
            }
            long[] r = Setup.await(job);
            assertEquals(r[0], r[1]);
        }
    }

    /** Rounds of fork-join work until {@code stop}; returns {parts run, parts expected}. */
    private static long[] job(Shape shape, AtomicBoolean stop) {
        long ran = 0;
        long expected = 0;
        while (!stop.get()) {
            long[] r = rounds(shape, 1);
            ran += r[0];
            expected += r[1];
        }
        return new long[] {ran, expected};
    }

    private static long[] rounds(Shape shape, int rounds) {
        long ran = 0;
        long expected = 0;
        for (int i = 0; i < rounds; i++) {
            if (shape == Shape.FORKS) {
                ran += forks(14);
                expected += (1L << 15) - 1;
            } else {
                int n = 200_000;
                AtomicLong count = new AtomicLong();
                ForkJoin.reduce(n, n, 0L, (lo, hi) -> {
                    count.addAndGet(hi - lo);
                    long x = 0;
                    for (int k = lo; k < hi; k++) {
                        x += spin(k);
                    }
                    return x;
                }, Long::sum);
                ran += count.get();
                expected += n;
            }
        }
        return new long[] {ran, expected};
    }

    /** Counts the nodes of a binary recursion of the given depth, each fork a preemption point. */
    private static long forks(int depth) {
        spin(depth);
        if (depth == 0) {
            return 1;
        }
        Both<Long, Long> b = ForkJoin.both(() -> forks(depth - 1), () -> forks(depth - 1));
        return 1 + b.left() + b.right();
    }

    private static long spin(int seed) {
        long x = seed;
        for (int k = 0; k < 20; k++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }
}
