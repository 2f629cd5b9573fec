package dev.tidepool.runners.spi;

import dev.tidepool.futures.spi.Suspension;
import dev.tidepool.runners.Runner;

/**
 * The queue of the worker running on the calling thread, for fork-join code that pushes a task,
 * runs something else, and then takes the task back to run it inline when nobody stole it. A
 * runner makes its threads' {@link Suspension.Hook}s implement this interface (see the package
 * documentation); {@link Runner#current()} finds the runner through it.
 *
 * <p>All methods but {@link #current()} are called on the worker's own thread.
 */
public interface WorkerQueue {
    /**
     * The worker queue of the calling thread.
     *
     * @return the hook of the calling thread if it is a worker queue, else null
     */
    static WorkerQueue current() {
        return Suspension.current() instanceof WorkerQueue q ? q : null;
    }

    /**
     * The runner this worker belongs to.
     *
     * @return the runner
     */
    Runner runner();

    /**
     * Queues {@code task} on this worker (its own deque in a work-stealing pool) and wakes an idle
     * worker if needed. Whoever takes it runs it; the forking worker takes it back with
     * {@link #unpush} if nobody did.
     *
     * @param task a fork-join part
     * @throws java.util.concurrent.RejectedExecutionException if the runner has stopped
     */
    void push(Runnable task);

    /**
     * Removes {@code task} if this worker queued it and nobody took it since.
     *
     * @param task a task this worker pushed
     * @return whether it was removed (the caller then runs it itself)
     */
    boolean unpush(Runnable task);

    /**
     * A preemption point: gives the core up if another pool on the budget is owed time, and
     * returns once the worker has a core again. One read when nobody is owed time. A runner
     * without such sharing may do nothing.
     */
    void yieldPoint();
}
