package dev.tidepool.futures;

import java.util.Objects;

/**
 * The write side of a {@link Fut}: whoever holds it settles the future, once.
 *
 * <p>Memory consistency: actions before a successful {@code complete}/{@code fail} happen-before
 * every observation of the settled future.
 *
 * @param <T> type of the value
 */
public final class Promise<T> {
    private final Fut<T> fut;

    Promise(Fut<T> fut) {
        this.fut = fut;
    }

    /**
     * The future this promise settles.
     *
     * @return the future this promise settles
     */
    public Fut<T> fut() {
        return fut;
    }

    /**
     * Settles the future with {@code value} ({@code null} allowed).
     *
      * @param value the value, possibly null
     * @throws IllegalStateException if it has already settled
     */
    public void complete(T value) {
        if (!fut.trySucceed(value)) {
            throw new IllegalStateException("promise already settled: " + fut);
        }
    }

    /**
     * Settles the future with {@code error}.
     *
      * @param error the exception
     * @throws IllegalStateException if it has already settled
     */
    public void fail(Throwable error) {
        Objects.requireNonNull(error, "error");
        if (!fut.tryFailWith(error)) {
            throw new IllegalStateException("promise already settled: " + fut);
        }
    }

    /**
     * Settles the future with {@code value} if still pending; returns whether it did.
     *
     * @param value the value, possibly null
     * @return true if this call settled the future
     */
    public boolean tryComplete(T value) {
        return fut.trySucceed(value);
    }

    /**
     * Settles the future with {@code error} if still pending; returns whether it did.
     *
     * @param error the exception
     * @return true if this call settled the future
     */
    public boolean tryFail(Throwable error) {
        Objects.requireNonNull(error, "error");
        return fut.tryFailWith(error);
    }

    @Override
    public String toString() {
        return "Promise[" + fut + "]";
    }
}
