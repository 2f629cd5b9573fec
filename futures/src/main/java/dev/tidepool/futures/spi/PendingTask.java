package dev.tidepool.futures.spi;

import java.util.concurrent.CancellationException;

/**
 * A queued task that settles a future. A runner that drops such a task without running it (for
 * example in {@code shutdownNow}) calls {@link #abandon} so that nobody waits for it forever.
 */
public interface PendingTask extends Runnable {
    /** Fails the task's future with {@code reason} unless it has already settled. */
    void abandon(CancellationException reason);

    /** Whether running this task settles {@code fut}. */
    boolean settles(Object fut);
}
