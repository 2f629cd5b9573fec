package dev.tidepool.channels;

/**
 * What a receive that reports the end as a value got: a {@link Value}, or the channel's end,
 * {@link Closed}, with the cause it was closed with (null after a plain {@link Chan#close()}).
 * Given by {@link Chan#receiveCatching()} and to the function of a
 * {@link Select#onReceiveCatching} case, so a loop can tell a value from a normal end from a
 * failure without catching an exception:
 *
 * <pre>{@code
 * for (;;) {
 *     switch (chan.receiveCatching()) {
 *         case Received.Value<String>(String line) -> handle(line);
 *         case Received.Closed<String>(Throwable cause) -> {
 *             if (cause != null) log(cause);
 *             return;
 *         }
 *     }
 * }
 * }</pre>
 *
 * @param <T> type of the channel's values
 */
public sealed interface Received<T> {
    /**
     * A value taken from the channel.
     *
     * @param <T> type of the channel's values
     * @param value the value, never null
     */
    record Value<T>(T value) implements Received<T> {}

    /**
     * The channel was closed and everything it held was received: the end.
     *
     * @param <T> type of the channel's values
     * @param cause what {@link Chan#close(Throwable)} was given, a
     *     {@link java.util.concurrent.CancellationException} after {@link Chan#cancel()}, or null
     *     after a plain {@link Chan#close()}
     */
    record Closed<T>(Throwable cause) implements Received<T> {}

    /**
     * The value, or null at the end.
     *
     * @return the value of a {@link Value}, else null
     */
    default T valueOrNull() {
        return this instanceof Value<T>(T v) ? v : null;
    }

    /**
     * Whether this is the end.
     *
     * @return true for {@link Closed}
     */
    default boolean isClosed() {
        return this instanceof Closed;
    }
}
