package dev.tidepool.bench.jmh;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Both;
import dev.tidepool.runners.Runner;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Cost of one fork+join pair: fib(22) forking at every node above 1 ({@value #PAIRS} pairs), with
 * {@code ForkJoin.both} on Tidepool pools against {@code RecursiveTask.fork/join} on a
 * ForkJoinPool. Score: nanoseconds per pair.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForkJoinPairBench {
    static final int N = 22;
    static final int PAIRS = 28_656; // internal nodes of the fib(22) call tree: fib(23) - 1

    @Param({"tidepool-ws", "tidepool-fifo", "ForkJoinPool"})
    public String impl;

    private Executors2.Subject subject;

    @Setup
    public void setUp() {
        subject = Executors2.create(impl);
    }

    @TearDown
    public void tearDown() throws Exception {
        subject.stop().close();
    }

    static long fj(int n) {
        if (n <= 1) {
            return n;
        }
        Both<Long, Long> r = ForkJoin.both(() -> fj(n - 1), () -> fj(n - 2));
        return r.left() + r.right();
    }

    static final class Fib extends RecursiveTask<Long> {
        private final int n;

        Fib(int n) {
            this.n = n;
        }

        @Override
        protected Long compute() {
            if (n <= 1) {
                return (long) n;
            }
            Fib right = new Fib(n - 2);
            right.fork();
            return new Fib(n - 1).compute() + right.join();
        }
    }

    @Benchmark
    @OperationsPerInvocation(PAIRS)
    public long fibPairs() {
        if (subject.executor() instanceof Runner r) {
            return r.spawn(() -> fj(N)).await();
        }
        return ((ForkJoinPool) subject.executor()).invoke(new Fib(N));
    }
}
