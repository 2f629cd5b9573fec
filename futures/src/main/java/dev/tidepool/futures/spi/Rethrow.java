package dev.tidepool.futures.spi;

import java.util.concurrent.CompletionException;

/** How Tidepool rethrows a task's failure to whoever waits for it; for runner implementations. */
public final class Rethrow {
    private Rethrow() {}

    /**
     * Throws {@code e} itself when it is unchecked (same object, same stack); a checked one is
     * returned wrapped in a {@link CompletionException}, for the caller to throw, as
     * {@code Fut.await} does.
     *
     * @param e the failure
     * @return the wrapper of a checked {@code e}
     */
    public static RuntimeException unchecked(Throwable e) {
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new CompletionException(e);
    }
}
