package dev.tidepool.runners;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A work-stealing pool, for fork-join and other tasks that spawn tasks: each worker keeps the tasks
 * it spawns in its own deque and runs the newest first; idle workers steal the oldest task of a
 * random other worker. Tasks from outside the pool go to a shared injection queue.
 *
 * <pre>{@code
 * try (WsPool pool = WsPool.builder().name("compute").threads(8).build()) {
 *     Fut<Long> f = pool.spawn(() -> work());
 *     System.out.println(f.await());
 * }
 * }</pre>
 *
 * <p>Memory consistency: as stated by {@link Runner}.
 */
public final class WsPool extends Pool {
    /*
     * Implementation overview: a Pool whose queues are StealingQueues (per-slot Chase-Lev deques
     * and an injection queue; see there). Workers, parking and shutdown are Pool's.
     */
    private static final AtomicInteger IDS = new AtomicInteger();

    private WsPool(String name, int threads, int weight, CoreBudget budget, PoolHooks hooks) {
        super(name, threads, weight, budget, new StealingQueues(), hooks);
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
    public static WsPool create() {
        return builder().build();
    }

    /** Builds {@link WsPool}s. */
    public static final class Builder extends PoolBuilder<Builder, WsPool> {
        Builder() {}

        @Override
        public WsPool build() {
            CoreBudget b = budgetOrShared();
            return new WsPool(nameOr("ws-pool", IDS), threadsOr(b), weight, b, hooks()).start();
        }
    }
}
