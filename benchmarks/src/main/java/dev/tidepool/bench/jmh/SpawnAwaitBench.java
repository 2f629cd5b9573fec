package dev.tidepool.bench.jmh;

import dev.tidepool.runners.Runner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Latency of spawning a trivial task and waiting for its result: Tidepool {@code spawn(..).await()}
 * against {@code CompletableFuture.supplyAsync(.., forkJoinPool).join()}, from inside a task of the
 * pool ({@value #N} in a row) and from an outside thread. Score: nanoseconds per spawn+wait.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpawnAwaitBench {
    static final int N = 1000;
    private static final Supplier<Long> ONE = () -> 1L;

    @Param({"tidepool-ws", "tidepool-fifo", "CompletableFuture-FJP"})
    public String impl;

    private Executors2.Subject subject;
    private Runner runner;
    private ExecutorService fjp;

    @Setup
    public void setUp() {
        subject = Executors2.create(impl.equals("CompletableFuture-FJP") ? "ForkJoinPool" : impl);
        if (subject.executor() instanceof Runner r) {
            runner = r;
        } else {
            fjp = (ExecutorService) subject.executor();
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        subject.stop().close();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long insideWorker() {
        if (runner != null) {
            return runner.spawn(() -> {
                long s = 0;
                for (int i = 0; i < N; i++) {
                    s += runner.spawn(ONE::get).await();
                }
                return s;
            }).await();
        }
        return CompletableFuture.supplyAsync(() -> {
            long s = 0;
            for (int i = 0; i < N; i++) {
                s += CompletableFuture.supplyAsync(ONE, fjp).join();
            }
            return s;
        }, fjp).join();
    }

    @Benchmark
    public long fromOutside() {
        if (runner != null) {
            return runner.spawn(ONE::get).await();
        }
        return CompletableFuture.supplyAsync(ONE, fjp).join();
    }
}
