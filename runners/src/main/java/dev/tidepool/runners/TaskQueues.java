package dev.tidepool.runners;

import java.util.List;

/** Where a pool keeps its queued tasks; the pool kinds differ only in this. */
interface TaskQueues {
    /** The next task for the worker holding {@code s}, or null if none was found. */
    Runnable poll(Slot s, Worker w);

    /** Queues a task spawned by the worker holding {@code s}; returns whether idle workers should be woken. */
    boolean pushLocal(Slot s, Runnable task);

    /** Queues a task from any other thread. */
    void pushExternal(Runnable task);

    boolean hasQueuedWork();

    int queuedCount();

    /** Removes every queued task into {@code out}. */
    void drainQueued(List<Runnable> out);
}
