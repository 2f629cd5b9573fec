package dev.tidepool.runners.spi;

import dev.tidepool.futures.spi.Suspension;
import dev.tidepool.runners.Runner;

/**
 * The queue of the worker running on the calling thread, for fork-join code that pushes a task,
 * runs something else, and then takes the task back to run it inline when nobody stole it. This
 * package is exported to Tidepool's own modules only.
 */
public interface WorkerQueue {
    /** The worker queue of the calling thread, or null when it is not a runner's worker. */
    static WorkerQueue current() {
        return Suspension.current() instanceof WorkerQueue q ? q : null;
    }

    /** The runner this worker belongs to. */
    Runner runner();

    /**
     * Queues {@code task} on this worker (its own deque in a work-stealing pool) and wakes an idle
     * worker if needed.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the runner has stopped
     */
    void push(Runnable task);

    /** Removes {@code task} if it is the newest task this worker queued and nobody took it. */
    boolean unpush(Runnable task);

    /**
     * A preemption point: gives the core up if another pool on the budget is owed time, and
     * returns once the worker has a core again. One read when nobody is owed time.
     */
    void yieldPoint();
}
