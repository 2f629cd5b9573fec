package dev.tidepool.runners;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Settings shared by the pool builders.
 *
 * @param <B> the concrete builder
 * @param <P> the pool it builds
 */
public abstract sealed class PoolBuilder<B extends PoolBuilder<B, P>, P extends Runner>
        permits WsPool.Builder, FifoPool.Builder {
    /** The time slice of a pool's jobs while something of the pool waits (see WsPool.Builder#timeSlice). */
    static final long DEFAULT_SLICE_NANOS = 1_000_000L;

    String name;
    int threads;
    int weight = 1;
    CoreBudget budget;
    Consumer<? super Throwable> onException;
    Consumer<? super Thread> onThreadStart;
    Consumer<? super Thread> onThreadExit;

    PoolBuilder() {}

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * The pool's name; its workers are named {@code <name>.worker.<i>}.
     *
     * @param name the pool's name
     * @return this builder
     */
    public B name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return self();
    }

    /**
     * The number of workers kept runnable (default: the budget's cores).
     *
      * @param threads the number of workers
      * @return this builder
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public B threads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threads = threads;
        return self();
    }

    /**
     * The pool's weight on its core budget (default 1): while several pools have work, each gets
     * cores in proportion to its weight; a pool alone gets them all. A pool of weight 3 next to one
     * of weight 1 gets three quarters of the CPU time while both are busy.
     *
     * @param weight the weight, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code weight < 1}
     */
    public B weight(int weight) {
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1: " + weight);
        }
        this.weight = weight;
        return self();
    }

    /**
     * The core budget the workers run on (default: {@link CoreBudget#shared()}).
     *
     * @param budget the budget
     * @return this builder
     */
    public B budget(CoreBudget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
        return self();
    }

    /**
     * Receives exceptions thrown by tasks started with {@code run}; it must not throw.
     *
     * @param handler the handler
     * @return this builder
     */
    public B onException(Consumer<? super Throwable> handler) {
        this.onException = Objects.requireNonNull(handler, "handler");
        return self();
    }

    /**
     * Runs on each worker thread when it starts, before any task.
     *
     * @param hook called with the worker thread
     * @return this builder
     */
    public B onThreadStart(Consumer<? super Thread> hook) {
        this.onThreadStart = Objects.requireNonNull(hook, "hook");
        return self();
    }

    /**
     * Runs on each worker thread right before it exits.
     *
     * @param hook called with the worker thread
     * @return this builder
     */
    public B onThreadExit(Consumer<? super Thread> hook) {
        this.onThreadExit = Objects.requireNonNull(hook, "hook");
        return self();
    }

    /**
     * Starts the pool's workers and returns it.
     *
     * @return the started pool
     */
    public abstract P build();

    CoreBudget budgetOrShared() {
        return budget != null ? budget : CoreBudget.shared();
    }

    int threadsOr(CoreBudget b) {
        return threads > 0 ? threads : b.cores();
    }

    String nameOr(String kind, AtomicInteger ids) {
        return name != null ? name : kind + "-" + ids.incrementAndGet();
    }

    PoolHooks hooks() {
        return new PoolHooks(onException, onThreadStart, onThreadExit);
    }
}
