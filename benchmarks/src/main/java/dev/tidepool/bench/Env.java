package dev.tidepool.bench;

import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import java.util.concurrent.ForkJoinPool;

/** The pools a benchmark run uses, created on first use and reused across repeats. */
final class Env implements AutoCloseable {
    /** Tidepool pool kind. */
    enum Kind { ws, fifo }

    final Kind kind;
    final int threads;
    private Runner pool;
    private Runner single;
    private ForkJoinPool fjp;

    Env(Kind kind, int threads) {
        this.kind = kind;
        this.threads = threads;
    }

    /** A Tidepool pool of {@code threads} workers on the shared budget. */
    Runner pool() {
        if (pool == null) {
            pool = build("bench", threads);
        }
        return pool;
    }

    /** A Tidepool pool of one worker. */
    Runner single() {
        if (single == null) {
            single = build("bench1", 1);
        }
        return single;
    }

    /** A ForkJoinPool of {@code threads} workers. */
    ForkJoinPool fjp() {
        if (fjp == null) {
            fjp = new ForkJoinPool(threads);
        }
        return fjp;
    }

    private Runner build(String name, int n) {
        return kind == Kind.ws
                ? WsPool.builder().name(name).threads(n).build()
                : FifoPool.builder().name(name).threads(n).build();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
        if (single != null) {
            single.shutdown();
        }
        if (fjp != null) {
            fjp.close();
        }
    }
}
