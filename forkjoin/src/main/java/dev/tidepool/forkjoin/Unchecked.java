package dev.tidepool.forkjoin;

import java.util.concurrent.CompletionException;

/** Rethrows a failure with its own type and stack; checked ones wrapped as {@code Fut.await} does. */
final class Unchecked {
    private Unchecked() {}

    static RuntimeException of(Throwable e) {
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new CompletionException(e);
    }
}
