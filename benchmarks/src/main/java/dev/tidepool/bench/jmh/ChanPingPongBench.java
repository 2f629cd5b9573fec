package dev.tidepool.bench.jmh;

import dev.tidepool.channels.Chan;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import java.time.Duration;
import java.util.concurrent.Exchanger;
import java.util.concurrent.SynchronousQueue;
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
 * A value passed back and forth between two tasks through two rendezvous channels ({@value #N}
 * round trips per invocation): both tasks on one WsPool, or one on a WsPool and one on a FifoPool
 * of the same budget; against two virtual threads with two {@code SynchronousQueue}s, and with an
 * {@code Exchanger}. Score: nanoseconds per round trip.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChanPingPongBench {
    static final int N = 2_000;

    @Param({"tidepool-one-pool", "tidepool-two-pools", "SynchronousQueue-vthreads", "Exchanger-vthreads"})
    public String impl;

    private CoreBudget budget;
    private Runner ping;
    private Runner pong;

    @Setup
    public void setUp() {
        if (impl.startsWith("tidepool")) {
            budget = CoreBudget.of(2);
            ping = WsPool.builder().name("ping").threads(2).budget(budget).build();
            pong = impl.equals("tidepool-one-pool") ? ping : FifoPool.builder().name("pong").threads(2).budget(budget).build();
        }
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        if (budget != null) {
            ping.shutdown();
            pong.shutdown();
            ping.awaitTermination(Duration.ofSeconds(30));
            pong.awaitTermination(Duration.ofSeconds(30));
            budget.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int roundTrips() throws Exception {
        return switch (impl) {
            case "SynchronousQueue-vthreads" -> synchronousQueues();
            case "Exchanger-vthreads" -> exchanger();
            default -> channels();
        };
    }

    private int channels() {
        Chan<Integer> there = Chan.bounded(0);
        Chan<Integer> back = Chan.bounded(0);
        Fut<Integer> echo = pong.spawn(() -> {
            for (int i = 0; i < N; i++) {
                back.send(there.receive() + 1);
            }
            return N;
        });
        int v = ping.spawn(() -> {
            int x = 0;
            for (int i = 0; i < N; i++) {
                there.send(x);
                x = back.receive();
            }
            return x;
        }).await();
        return v + echo.await();
    }

    private int synchronousQueues() throws InterruptedException {
        SynchronousQueue<Integer> there = new SynchronousQueue<>();
        SynchronousQueue<Integer> back = new SynchronousQueue<>();
        int[] x = new int[1];
        Thread echo = virtual(() -> {
            for (int i = 0; i < N; i++) {
                back.put(there.take() + 1);
            }
        });
        Thread pinger = virtual(() -> {
            for (int i = 0; i < N; i++) {
                there.put(x[0]);
                x[0] = back.take();
            }
        });
        pinger.join();
        echo.join();
        return x[0];
    }

    private int exchanger() throws InterruptedException {
        Exchanger<Integer> ex = new Exchanger<>();
        int[] x = new int[1];
        Thread echo = virtual(() -> {
            int y = 0;
            for (int i = 0; i < N; i++) {
                y = ex.exchange(y + 1);
            }
        });
        Thread pinger = virtual(() -> {
            for (int i = 0; i < N; i++) {
                x[0] = ex.exchange(x[0]);
            }
        });
        pinger.join();
        echo.join();
        return x[0];
    }

    /** The body of a peer's thread, which may be interrupted. */
    private interface Body {
        void run() throws InterruptedException;
    }

    private static Thread virtual(Body body) {
        return Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
