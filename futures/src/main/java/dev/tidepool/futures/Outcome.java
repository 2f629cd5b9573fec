package dev.tidepool.futures;

/**
 * The settled result of a {@link Fut}: a value or the exception that ended the computation.
 *
 * @param <T> type of the value
 */
public sealed interface Outcome<T> {
    /**
     * A computation that returned {@code value} (possibly {@code null}).
     *
     * @param value the value
     * @param <T> type of the value
     */
    record Success<T>(T value) implements Outcome<T> {}

    /**
     * A computation that failed with {@code error}, never {@code null}.
     *
     * @param error the exception
     * @param <T> type of the value
     */
    record Failure<T>(Throwable error) implements Outcome<T> {}
}
