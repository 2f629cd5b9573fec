package dev.tidepool.bench.jmh;

import dev.tidepool.futures.TaskLocal;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
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
 * What task-local values cost a fork+join pair and a spawn+await from a task, on a WsPool:
 * {@code unused}, no value ever set in the JVM (each JMH fork is its own JVM, so this is the cost
 * every program pays); {@code used}, the forking or spawning task has a value set, which every
 * part and child inherits. Score: nanoseconds per pair or per spawn.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TaskLocalBench {
    static final TaskLocal<String> REQUEST = TaskLocal.create("request", "none");
    static final int SPAWNS = 1_000;

    @Param({"unused", "used"})
    public String locals;

    private Runner pool;

    @Setup
    public void setUp() {
        pool = WsPool.builder().name("bench").build();
    }

    @TearDown
    public void tearDown() {
        pool.close();
    }

    private <T> T inTask(java.util.concurrent.Callable<T> body) {
        return pool.spawn(() -> locals.equals("used") ? REQUEST.with("req-42", body) : body.call()).await();
    }

    @Benchmark
    @OperationsPerInvocation(ForkJoinPairBench.PAIRS)
    public long forkJoinPair() {
        return inTask(() -> ForkJoinPairBench.fj(ForkJoinPairBench.N));
    }

    @Benchmark
    @OperationsPerInvocation(SPAWNS)
    public long spawnAwait() {
        return inTask(() -> {
            long s = 0;
            for (int i = 0; i < SPAWNS; i++) {
                s += pool.spawn(() -> REQUEST.get().length()).await();
            }
            return s;
        });
    }
}
