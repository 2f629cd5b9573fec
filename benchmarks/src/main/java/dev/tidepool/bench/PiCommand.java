package dev.tidepool.bench;

import dev.tidepool.futures.Fut;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pi}: computes pi with one of several parallel strategies and times it. */
@Command(name = "pi", mixinStandardHelpOptions = true,
        description = "Compute pi by numerical integration and print pi=<value> (diff=<error>) in <seconds>s.")
final class PiCommand implements Callable<Integer> {
    enum Mode { seq, futures, stream, fjp, vthreads }

    enum Kind { ws, fifo }

    @Option(names = "-n", description = "integration steps (default: ${DEFAULT-VALUE})", defaultValue = "100000000")
    long n;

    @Option(names = "--mode", description = "one of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})", defaultValue = "futures")
    Mode mode;

    @Option(names = "--kind", description = "Tidepool pool kind for 'futures': ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})", defaultValue = "ws")
    Kind kind;

    @Option(names = "-j", description = "workers / parallelism (default: available processors)")
    Integer threads;

    @Option(names = "--trace", paramLabel = "FILE", description = "write a trace to FILE (accepted; tracing is not built in yet)")
    String trace;

    @Override
    public Integer call() {
        if (n < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "-n must be at least 1: " + n);
        }
        int j = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (j < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "-j must be at least 1: " + j);
        }
        if (trace != null) {
            System.err.println("note: --trace is accepted but tracing is not built in yet; no trace is written");
        }
        long start = System.nanoTime();
        double pi = compute(mode, kind, n, j);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("pi=%.15f (diff=%.3e) in %.3fs%n", pi, Math.abs(pi - Math.PI), seconds);
        return 0;
    }

    static double compute(Mode mode, Kind kind, long n, int j) {
        return switch (mode) {
            case seq -> Pi.partial(0, n, n) / n;
            case futures -> futures(kind, n, j);
            case stream -> {
                double step = 1.0 / n;
                yield LongStream.range(0, n).parallel().mapToDouble(i -> {
                    double x = (i + 0.5) * step;
                    return 4.0 / (1.0 + x * x);
                }).sum() / n;
            }
            case fjp -> {
                try (ForkJoinPool pool = new ForkJoinPool(j)) {
                    yield pool.invoke(new PiTask(0, n, n, Math.max(1, n / (j * 16L)))) / n;
                }
            }
            case vthreads -> vthreads(n, j);
        };
    }

    /** Chunks spawned as Tidepool tasks, then awaited. */
    private static double futures(Kind kind, long n, int j) {
        CoreBudget budget = CoreBudget.shared();
        try (Runner pool = kind == Kind.ws
                ? WsPool.builder().name("pi").threads(j).budget(budget).build()
                : FifoPool.builder().name("pi").threads(j).budget(budget).build()) {
            long chunk = Math.max(1, n / (j * 16L));
            List<Fut<Double>> parts = new ArrayList<>();
            for (long lo = 0; lo < n; lo += chunk) {
                long a = lo;
                long b = Math.min(n, lo + chunk);
                parts.add(pool.spawn(() -> Pi.partial(a, b, n)));
            }
            double sum = 0;
            for (Fut<Double> f : parts) {
                sum += f.await();
            }
            return sum / n;
        }
    }

    /** One virtual thread per chunk. */
    private static double vthreads(long n, int j) {
        long chunk = Math.max(1, n / (j * 16L));
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
