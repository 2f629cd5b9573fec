package dev.tidepool.bench.jmh;

import dev.tidepool.runners.WsPool;
import dev.tidepool.sync.Lock;
import dev.tidepool.tracing.Tracing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What tracing costs. {@code trace=off} is the default build with no tracing installed;
 * {@code *CompiledOut} runs in a JVM with {@code -Dtidepool.tracing=disabled}, where the JIT removes
 * every tracing call (the baseline "without the calls"); {@code trace=perfetto} writes a Perfetto
 * file. Scores: nanoseconds per fork+join pair (fib(22) on a 2-worker WsPool) and per
 * {@code Lock.update} on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracingBench {
    @Param({"off", "perfetto"})
    public String trace;

    private WsPool pool;
    private Tracing tracing;
    private Path file;
    private final Lock<long[]> lock = Lock.create("bench", new long[1]);

    @Setup
    public void setUp() throws Exception {
        if (trace.equals("perfetto")) {
            file = Files.createTempFile("tidepool-bench-trace", ".json");
            tracing = Tracing.toPerfetto(file);
        }
        pool = WsPool.builder().name("trace-bench").threads(2).build();
    }

    @TearDown
    public void tearDown() throws Exception {
        pool.close();
        if (tracing != null) {
            tracing.close();
            Files.deleteIfExists(file);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ForkJoinPairBench.PAIRS)
    public long forkPairs() {
        return pool.spawn(() -> ForkJoinPairBench.fj(ForkJoinPairBench.N)).await();
    }

    @Benchmark
    @Fork(jvmArgsAppend = "-Dtidepool.tracing=disabled")
    @OperationsPerInvocation(ForkJoinPairBench.PAIRS)
    public long forkPairsCompiledOut() {
        return forkPairs();
    }

    @Benchmark
    public void lockUpdate() {
        lock.update(v -> {
            v[0]++;
            return v;
        });
    }

    @Benchmark
    @Fork(jvmArgsAppend = "-Dtidepool.tracing=disabled")
    public void lockUpdateCompiledOut() {
        lockUpdate();
    }
}
