package dev.tidepool.runners;

/**
 * What a {@link Worker} asks of the pool it works for; the worker loop talks to its pool through
 * this interface only.
 */
interface WorkerHost {
    /**
     * The next task for {@code w}: waits (as an idle worker, or as a spare without a slot) until
     * there is one, or returns null when the worker must exit.
     */
    Runnable next(Worker w);

    /** Hands the slot of {@code w}, whose task is about to suspend, to another worker. */
    void suspending(Worker w);

    /** Queues a task spawned by the task {@code w} runs (to its own deque when it has one). */
    void push(Worker w, Runnable task);

    /** Whether something of the pool waits and {@code w}, at a preemption point, has run for a slice. */
    boolean sliceWanted(Worker w);

    /** Makes room for what waits: sets the job of {@code w} aside, or yields (see Crew). */
    void sliceOver(Worker w);

    /** Reports an exception thrown by a task started with {@code run}. */
    void taskFailed(Throwable e);

    void started(Worker w);

    void exited(Worker w);

    /** The pool as a {@link Runner}. */
    Runner runner();
}
