package dev.tidepool.runners;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A work-stealing pool, for fork-join and other tasks that spawn tasks: each worker keeps the tasks
 * it spawns in its own deque and runs the newest first; idle workers steal the oldest task of a
 * random other worker. Tasks from outside the pool go to a shared injection queue.
 *
 * <p>Waiting time. A task from outside (a <em>job</em>: submitted by a thread that is not one of
 * this pool's workers, including another pool's tasks) starts within a few time slices (1 ms by
 * default, see {@link Builder#timeSlice}) plus the time to the next preemption point of a running
 * job, even while every worker is deep in fork-join work (how many slices grows with the number
 * of the pool's threads taking turns; see docs/design/sharing-cores.md): a worker that has run for a
 * slice while a job waits sets its own job aside at its next preemption point (a fork, a join, a
 * range piece, an await, {@code Switch.check()}, {@code Runner.yieldNow()}), deque and all, and
 * starts the waiting one. Jobs in flight then share the workers in turns of a slice (processor
 * sharing), so a 10 µs job does not wait for a 1 s job to end. A set-aside job is one more virtual
 * thread of the pool until it ends; none of its parts is lost or run twice. Code that never
 * reaches a preemption point (a long loop without forks or checks) keeps its worker until it
 * does. Tasks a job spawns are not jobs: they go to its worker's deque, newest first.
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

    private WsPool(String name, int threads, int weight, CoreBudget budget, PoolHooks hooks, long sliceNanos) {
        super(name, threads, weight, budget, new StealingQueues(), hooks, sliceNanos);
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
        private long sliceNanos = DEFAULT_SLICE_NANOS;

        Builder() {}

        /**
         * How long a job may keep a worker while a task from outside the pool waits to start
         * (default 1 ms). Past it, at its next preemption point (a fork, a join, a range piece, an
         * await, {@code Switch.check()}, {@code Runner.yieldNow()}), the job is set aside, deque and
         * all, and goes on as one more fiber of the pool, taking turns with the others; the worker
         * starts the waiting task. {@link Duration#ZERO} turns slicing off: tasks from outside
         * then start in submission order once a worker is free, and each job keeps its worker to
         * the end (the most throughput for a batch of equal jobs, the longest waits for small ones
         * behind big ones). See the class comment.
         *
         * @param slice the time slice, or zero for none
         * @return this builder
         * @throws IllegalArgumentException if {@code slice} is negative
         */
        public Builder timeSlice(Duration slice) {
            Objects.requireNonNull(slice, "slice");
            if (slice.isNegative()) {
                throw new IllegalArgumentException("timeSlice must not be negative: " + slice);
            }
            this.sliceNanos = slice.compareTo(Duration.ofDays(1)) > 0 ? Long.MAX_VALUE : slice.toNanos();
            return this;
        }

        @Override
        public WsPool build() {
            CoreBudget b = budgetOrShared();
            return new WsPool(nameOr("ws-pool", IDS), threadsOr(b), weight, b, hooks(), sliceNanos).start();
        }
    }
}
