package dev.tidepool.futures.spi;

import dev.tidepool.futures.Fut;
import java.util.concurrent.CancellationException;

/**
 * A queued task that settles a future. A runner that drops such a task without running it (for
 * example in {@code shutdownNow}) calls {@link #abandon} so that nobody waits for it forever.
 */
public interface PendingTask extends Runnable {
    /**
     * Fails the task's future with {@code reason} unless the task has started or its future settled.
     *
     * @param reason the cancellation the future fails with, naming the runner
     */
    void abandon(CancellationException reason);

    /**
     * Runs the task on the calling thread if it is the one that settles {@code fut} and nobody has
     * started it yet. A later {@link #run()} of the same task does nothing.
     *
     * @param fut the future a thread is about to wait for
     * @return whether the task ran
     */
    boolean runInlineFor(Fut<?> fut);

    /**
     * Whether the task has been started (or abandoned), so that running it again does nothing.
     *
     * @return true once started or abandoned
     */
    boolean isStarted();
}
