package dev.tidepool.runners;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool with one shared queue: tasks start in the order they were submitted, which keeps latency
 * low and predictable for request-like work.
 *
 * <p>Memory consistency: as stated by {@link Runner}; in addition, a task submitted after another
 * one returned from {@code run} starts after it (they may still overlap with several workers).
 */
public final class FifoPool extends Pool {
    /*
     * Implementation overview: a Pool whose queue is a FifoQueue (one JCTools MPMC queue for every
     * task; a start order equal to the submission order is the point, so there are no per-worker
     * queues). Workers, parking and shutdown are Pool's.
     */
    private static final AtomicInteger IDS = new AtomicInteger();


    private FifoPool(String name, int threads, int weight, CoreBudget budget, PoolHooks hooks) {
        super(name, threads, weight, budget, new FifoQueue(), hooks, PoolBuilder.DEFAULT_SLICE_NANOS);
    }

    /**
     * A builder with the defaults: the shared budget, one worker per core.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A pool with the defaults.
     *
     * @return a started pool
     */
    public static FifoPool create() {
        return builder().build();
    }

    /** Builds {@link FifoPool}s. */
    public static final class Builder extends PoolBuilder<Builder, FifoPool> {
        Builder() {}

        @Override
        public FifoPool build() {
            CoreBudget b = budgetOrShared();
            return new FifoPool(nameOr("fifo-pool", IDS), threadsOr(b), weight, b, hooks()).start();
        }
    }
}
