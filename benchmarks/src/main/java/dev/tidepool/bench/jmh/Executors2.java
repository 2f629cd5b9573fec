package dev.tidepool.bench.jmh;

import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The executors compared in the benchmarks, each with one thread per core. */
final class Executors2 {
    private Executors2() {}

    /** An executor and how to stop it. */
    record Subject(Executor executor, AutoCloseable stop) {}

    static Subject create(String impl) {
        int cores = Runtime.getRuntime().availableProcessors();
        return switch (impl) {
            case "tidepool-fifo" -> runner(FifoPool.builder().name("bench-fifo").threads(cores).build());
            case "tidepool-ws" -> runner(WsPool.builder().name("bench-ws").threads(cores).build());
            case "ThreadPoolExecutor" -> {
                ThreadPoolExecutor tpe = new ThreadPoolExecutor(cores, cores, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>());
                yield new Subject(tpe, () -> {
                    tpe.shutdown();
                    tpe.awaitTermination(1, TimeUnit.MINUTES);
                });
            }
            case "ForkJoinPool" -> {
                ForkJoinPool fjp = new ForkJoinPool(cores);
                yield new Subject(fjp, fjp::close);
            }
            default -> throw new IllegalArgumentException("unknown implementation: " + impl);
        };
    }

    private static Subject runner(Runner r) {
        return new Subject(r, r::shutdown);
    }
}
