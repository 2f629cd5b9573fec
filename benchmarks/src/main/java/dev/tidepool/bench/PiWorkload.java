package dev.tidepool.bench;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Fut;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RecursiveTask;
import java.util.stream.LongStream;

/** pi by the midpoint rule, computed by each strategy a Java user might pick. */
final class PiWorkload {
    /** Strategies; the JDK's own ones are the peers. */
    enum Mode implements BenchMode {
        seq(false), par1(false), forkjoin(false), futures(false), stream(true), fjp(true), vthreads(true);

        private final boolean peer;

        Mode(boolean peer) {
            this.peer = peer;
        }

        @Override
        public boolean peer() {
            return peer;
        }
    }

    private PiWorkload() {}

    static double compute(Mode mode, Env env, long n) {
        int j = env.threads;
        return switch (mode) {
            case seq -> Pi.partial(0, n, n) / n;
            case par1 -> env.single().spawn(() -> forkJoin(n, 1)).await();
            case forkjoin -> env.pool().spawn(() -> forkJoin(n, j)).await();
            case futures -> futures(env, n, j);
            case stream -> {
                double step = 1.0 / n;
                yield LongStream.range(0, n).parallel().mapToDouble(i -> {
                    double x = (i + 0.5) * step;
                    return 4.0 / (1.0 + x * x);
                }).sum() / n;
            }
            case fjp -> env.fjp().invoke(new PiTask(0, n, n, chunk(n, j))) / n;
            case vthreads -> vthreads(n, j);
        };
    }

    /** Steps per chunk: 16 chunks per worker, as for every parallel mode. */
    static long chunk(long n, int j) {
        return Math.max(1, n / (16L * j));
    }

    /** ForkJoin.reduce over chunk indexes (so n may exceed an int). */
    private static double forkJoin(long n, int j) {
        long chunk = chunk(n, j);
        int chunks = (int) ((n + chunk - 1) / chunk);
        return ForkJoin.reduce(chunks, 1, 0.0,
                (lo, hi) -> Pi.partial(lo * chunk, Math.min(n, hi * chunk), n), Double::sum) / n;
    }

    /** Chunks spawned as Tidepool tasks, then awaited. */
    private static double futures(Env env, long n, int j) {
        long chunk = chunk(n, j);
        List<Fut<Double>> parts = new ArrayList<>();
        for (long lo = 0; lo < n; lo += chunk) {
            long a = lo;
            long b = Math.min(n, lo + chunk);
            parts.add(env.pool().spawn(() -> Pi.partial(a, b, n)));
        }
        double sum = 0;
        for (Fut<Double> f : parts) {
            sum += f.await();
        }
        return sum / n;
    }

    /** One virtual thread per chunk. */
    private static double vthreads(long n, int j) {
        long chunk = chunk(n, j);
        List<Thread> ts = new ArrayList<>();
        List<double[]> out = new ArrayList<>();
        for (long lo = 0; lo < n; lo += chunk) {
            long a = lo;
            long b = Math.min(n, lo + chunk);
            double[] cell = new double[1];
            out.add(cell);
            ts.add(Thread.ofVirtual().start(() -> cell[0] = Pi.partial(a, b, n)));
        }
        double sum = 0;
        for (int i = 0; i < ts.size(); i++) {
            try {
                ts.get(i).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sum += out.get(i)[0];
        }
        return sum / n;
    }

    /** The split a ForkJoinPool user would write. */
    private static final class PiTask extends RecursiveTask<Double> {
        private final long lo;
        private final long hi;
        private final long n;
        private final long cutoff;

        PiTask(long lo, long hi, long n, long cutoff) {
            this.lo = lo;
            this.hi = hi;
            this.n = n;
            this.cutoff = cutoff;
        }

        @Override
        protected Double compute() {
            if (hi - lo <= cutoff) {
                return Pi.partial(lo, hi, n);
            }
            long mid = (lo + hi) >>> 1;
            PiTask right = new PiTask(mid, hi, n, cutoff);
            right.fork();
            double left = new PiTask(lo, mid, n, cutoff).compute();
            return left + right.join();
        }
    }
}
