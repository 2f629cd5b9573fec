package dev.tidepool.bench.jmh;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.runners.Runner;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A parallel loop over 10^6 tiny bodies (sum of i*i): {@code ForkJoin.reduce} with its default-sized
 * chunks on Tidepool pools against {@code IntStream.range(..).parallel()}. Score: microseconds per loop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ForRangeBench {
    static final int N = 1_000_000;

    @Param({"tidepool-ws", "tidepool-fifo", "IntStream-parallel"})
    public String impl;

    private Executors2.Subject subject;
    private Runner runner;

    @Setup
    public void setUp() {
        if (!impl.startsWith("tidepool")) {
            return;
        }
        subject = Executors2.create(impl);
        runner = (Runner) subject.executor();
    }

    @TearDown
    public void tearDown() throws Exception {
        if (subject != null) {
            subject.stop().close();
        }
    }

    @Benchmark
    public long sumOfSquares() {
        if (runner != null) {
            int chunk = Math.max(1, N / (8 * runner.size()));
            return runner.spawn(() -> ForkJoin.reduce(N, chunk, 0L, (lo, hi) -> {
                long s = 0;
                for (int i = lo; i < hi; i++) {
                    s += (long) i * i;
                }
                return s;
            }, Long::sum)).await();
        }
        return IntStream.range(0, N).parallel().mapToLong(i -> (long) i * i).sum();
    }
}
