package dev.tidepool.forkjoin;

import dev.tidepool.futures.Fut;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/** The pools every fork-join test runs on, including a budget of a single core. */
enum Setup {
    WS_4, FIFO_4, WS_ONE_CORE, FIFO_ONE_CORE;

    /** A pool (and its own budget when it has one) that close together. */
    record Env(Runner pool, CoreBudget budget) implements AutoCloseable {
        <T> T run(Callable<T> task) {
            try {
                return pool.spawn(task).await(Duration.ofSeconds(60));
            } catch (TimeoutException e) {
                throw new AssertionError("fork-join task still running after 60 s", e);
            }
        }

        @Override
        public void close() {
            pool.shutdown();
            if (budget != null) {
                budget.close();
            }
        }
    }

    Env open() {
        return switch (this) {
            case WS_4 -> new Env(WsPool.builder().name("fj-ws").threads(4).build(), null);
            case FIFO_4 -> new Env(FifoPool.builder().name("fj-fifo").threads(4).build(), null);
            case WS_ONE_CORE -> {
                CoreBudget b = CoreBudget.of(1);
                yield new Env(WsPool.builder().name("fj-ws1").threads(1).budget(b).build(), b);
            }
            case FIFO_ONE_CORE -> {
                CoreBudget b = CoreBudget.of(1);
                yield new Env(FifoPool.builder().name("fj-fifo1").threads(1).budget(b).build(), b);
            }
        };
    }

    /** The value of {@code f}, failing the test if it is still pending after 60 s. */
    static <T> T await(Fut<T> f) {
        try {
            return f.await(Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            throw new AssertionError("still pending after 60 s", e);
        }
    }

    /** Whether {@code r} terminated within 60 s. */
    static boolean awaitTermination(Runner r) {
        try {
            return r.awaitTermination(Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean singleWorker() {
        return this == WS_ONE_CORE || this == FIFO_ONE_CORE;
    }
}
