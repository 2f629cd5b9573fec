package dev.tidepool.runners;

import dev.tidepool.futures.Fut;
import dev.tidepool.runners.spi.WorkerQueue;
import dev.tidepool.switches.Switch;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Something that runs tasks: a pool of workers on a core budget, or a background thread.
 *
 * <p>Memory consistency: actions of a thread before it submits a task ({@link #run}, {@link #spawn})
 * happen-before the task starts; the actions of a task happen-before the completion of its
 * future is observed.
 */
public interface Runner extends Executor, AutoCloseable {
    /**
     * Queues {@code task} to run once. An exception it throws goes to the runner's exception
     * handler (by default one log line with the runner's name and the stack trace).
     *
      * @param task the task
     * @throws java.util.concurrent.RejectedExecutionException after shutdown, naming the runner
     * @throws NullPointerException if {@code task} is null
     */
    void run(Runnable task);

    /** Same as {@link #run(Runnable)}. */
    @Override
    default void execute(Runnable task) {
        run(task);
    }

    /**
     * Queues {@code task} and returns the future of its result. Cancelling the future before the
     * task starts keeps it from running.
     *
      * @param <T> type of the result
      * @param task the computation
      * @return the future of its result
     * @throws java.util.concurrent.RejectedExecutionException after shutdown, naming the runner
     */
    default <T> Fut<T> spawn(Callable<T> task) {
        return Fut.spawn(this, task);
    }

    /**
     * Same as {@link #spawn(Callable)}, with a name for the task: traces show its span under
     * this name.
     *
      * @param <T> type of the result
      * @param name the span name of the task
      * @param task the computation
      * @return the future of its result
     * @throws java.util.concurrent.RejectedExecutionException after shutdown, naming the runner
     */
    default <T> Fut<T> spawn(String name, Callable<T> task) {
        return Fut.spawn(this, name, task);
    }

    /**
     * Queues {@code task} under the cancellation switch {@code sw} (see
     * {@link Fut#spawn(Executor, Switch, Callable)}): it sees {@code sw} as {@link Switch#current()},
     * never starts if {@code sw} is off first, and its future fails at once when {@code sw} turns off.
     *
      * @param <T> type of the result
      * @param sw the switch that cancels the task
      * @param task the computation
      * @return the future of its result
     * @throws java.util.concurrent.RejectedExecutionException after shutdown, naming the runner
     */
    default <T> Fut<T> spawn(Switch sw, Callable<T> task) {
        return Fut.spawn(this, sw, task);
    }

    /**
     * Runs {@code task} on this runner and waits for its result: a task of a runner is suspended,
     * any other caller blocks.
      *
      * @param <T> type of the result
      * @param task the computation
      * @return its result
     */
    default <T> T runWaitBlock(Callable<T> task) {
        return spawn(task).await();
    }

    /**
     * The runner's name, used in thread names, logs and errors.
     *
     * @return the name
     */
    String name();

    /**
     * The configured number of workers.
     *
     * @return the number of workers the runner keeps runnable
     */
    int size();

    /**
     * Tasks queued or running right now; a snapshot for monitoring.
     *
     * @return the number of tasks queued or running
     */
    int numTasks();

    /**
     * Stops taking new tasks, runs every task already accepted (and those they spawn meanwhile),
     * and returns once all have finished and the workers are gone. Called from one of the runner's
     * own tasks, it only starts the shutdown.
     */
    void shutdown();

    /**
     * Stops taking new tasks, removes the queued ones, cancels their futures, interrupts running
     * tasks and returns the removed tasks without waiting.
      *
      * @return the tasks removed from the queues, never started
     */
    List<Runnable> shutdownNow();

    /**
     * Whether {@link #shutdown()} or {@link #shutdownNow()} has been called.
     *
     * @return true once a shutdown has started
     */
    boolean isShutdown();

    /**
     * Whether every task has finished after a shutdown and every worker is gone.
     *
     * @return true once terminated
     */
    boolean isTerminated();

    /**
     * Waits up to {@code timeout} for termination; returns {@link #isTerminated()}.
     *
     * @param timeout the longest wait
     * @return whether the runner terminated in time
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** Same as {@link #shutdown()}. */
    @Override
    default void close() {
        shutdown();
    }

    /**
     * The runner whose task is running on the calling thread, if any.
     *
     * @return the runner, or empty outside runner tasks
     */
    static Optional<Runner> current() {
        WorkerQueue q = WorkerQueue.current(); // a Tidepool worker, or a runner of the runner SPI
        return q == null ? Optional.empty() : Optional.of(q.runner());
    }

    /**
     * A preemption point for long loops of user code (Moonpool's {@code Fut.yield}): if another
     * pool on the same core budget is owed time, or another worker of this pool has waited for a
     * core while this one ran for a while, the calling task gives its core up and returns once it
     * has one again. Costs one read otherwise. Outside a runner task it does nothing and returns
     * at once.
     */
    static void yieldNow() {
        WorkerQueue q = WorkerQueue.current();
        if (q instanceof Worker w) {
            w.yieldNow();
        } else if (q != null) {
            q.yieldPoint();
        }
    }
}
