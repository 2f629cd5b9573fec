package dev.tidepool.bench;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Both;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.Runner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The compute loads of the isolation benchmark, each run in a loop on a pool until stopped; a
 * unit is one round (one reduce over the range, or one fib).
 */
enum ComputeLoad {
    /** The request-server example's load: pi reduce rounds of 2^22 steps in 256 chunks. */
    SERVER("server-shaped reduce"),
    /** Moonpool's pi shape: chunk = n / workers, each chunk about 10 ms of work. */
    LONG_CHUNK("reduce, chunk = n/workers (10 ms)"),
    /** fib(24) with ForkJoin.both at every node above 1. */
    FORK_EVERY_NODE("both at every node (fib 24)");

    final String label;

    ComputeLoad(String label) {
        this.label = label;
    }

    /** A running load: {@link #stop()} ends it after the round in progress. */
    static final class Running {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final LongAdder units = new LongAdder();
        private final long started = System.nanoTime();
        private Fut<Double> result;

        /** Stops the load; returns the units finished per second of its run. */
        double stop() {
            long counted = units.sum();
            long elapsed = System.nanoTime() - started;
            stop.set(true);
            double last = result.await();
            if (Double.isNaN(last)) {
                throw new AssertionError("the load computed nothing");
            }
            return counted * 1e9 / elapsed;
        }
    }

    /**
     * The size of one round for {@code workers} workers: pi steps of a reduce (for LONG_CHUNK,
     * calibrated on this machine now), unused by FORK_EVERY_NODE. Phases whose rates are compared
     * must use the same size: a size calibrated again per phase made the rates count different
     * amounts of work.
     */
    int roundSize(int workers) {
        return this == LONG_CHUNK ? longChunkSteps(workers) : 1 << 22;
    }

    /** Starts the load on {@code pool}, whose workers number {@code workers}, with rounds of {@code n} steps. */
    Running start(Runner pool, int workers, int n) {
        Running r = new Running();
        int chunk = this == LONG_CHUNK ? n / workers : 1 << 14;
        r.result = pool.spawn("compute", () -> {
            double last = Double.NaN;
            while (!r.stop.get()) {
                last = this == FORK_EVERY_NODE ? fib(24) : ForkJoin.reduce(n, chunk, 0.0, (lo, hi) -> Pi.partial(lo, hi, n), Double::sum) / n;
                r.units.increment();
            }
            return last;
        });
        return r;
    }

    private static double fib(int n) {
        if (n <= 1) {
            return n;
        }
        Both<Double, Double> b = ForkJoin.both(() -> fib(n - 1), () -> fib(n - 2));
        return b.left() + b.right();
    }

    /** Pi steps such that one chunk of n / workers takes about 10 ms on this machine. */
    private static int longChunkSteps(int workers) {
        int probe = 1 << 21;
        Pi.partial(0, probe, probe); // warm
        long t0 = System.nanoTime();
        Pi.partial(0, probe, probe);
        double nanosPerStep = Math.max(0.1, (System.nanoTime() - t0) / (double) probe);
        long perChunk = (long) (10_000_000L / nanosPerStep);
        return (int) Math.min(Integer.MAX_VALUE / 2, perChunk * workers);
    }
}
