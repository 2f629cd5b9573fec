package dev.tidepool.channels;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * Channels and {@link java.util.concurrent.Flow} (Reactive Streams), both ways, with back-pressure.
 */
public final class ChanFlow {
    private ChanFlow() {}

    /**
     * The values of {@code chan} as a publisher that keeps the Reactive Streams rules (checked by
     * the Reactive Streams TCK). Each subscriber gets a task on {@code on} that receives a value
     * only when the subscriber has demand left ({@code request(n)}), so nothing is taken from the
     * channel before it is asked for. The subscriber completes once the channel is closed and
     * drained, or gets {@code onError} with the cause of a channel closed with
     * {@link Chan#close(Throwable)} (a {@link java.util.concurrent.CancellationException} after
     * {@link Chan#cancel()}). Several subscribers compete for the values, as several receivers do:
     * each value goes to one of them.
     *
     * <p>{@code cancel()} stops the subscription at once: no value is taken from the channel after
     * it (a waiting receive is withdrawn), later requests do nothing, and no {@code onComplete}
     * or {@code onError} follows; only a value the task had received already, when the cancel
     * came from another thread, is still delivered. A request of {@code n <= 0} ends the
     * subscription with {@code onError(IllegalArgumentException)} (rule 3.9), also while the task
     * waits for a value, and takes nothing more from the channel.
     *
     * @param <T> type of the values
     * @param chan the channel
     * @param on runs each subscriber's task (a Tidepool runner suspends it while it waits)
     * @return the publisher
     */
    public static <T> Flow.Publisher<T> publisher(Chan<T> chan, Executor on) {
        return new ChanPublisher<>(Objects.requireNonNull(chan, "chan"), Objects.requireNonNull(on, "on"));
    }

    /**
     * A subscriber that sends every item it receives into {@code chan}, from tasks on {@code on},
     * and asks the publisher for the next only once the last is in the channel (a prefetch of 1);
     * it closes the channel when the publisher ends. See {@link ChanSubscriber}.
     *
     * @param <T> type of the items
     * @param chan the channel
     * @param on runs the sends (a Tidepool runner suspends them while the channel is full)
     * @return the subscriber, to pass to {@code Publisher.subscribe}
     */
    public static <T> ChanSubscriber<T> subscriber(Chan<T> chan, Executor on) {
        return subscriber(chan, on, 1);
    }

    /**
     * Same as {@link #subscriber(Chan, Executor)}, keeping up to {@code prefetch} items requested
     * ahead of the channel: fewer round trips to a publisher that pays per request, at the cost
     * of holding up to {@code prefetch} items outside the channel while it is full.
     *
     * @param <T> type of the items
     * @param chan the channel
     * @param on runs the sends (a Tidepool runner suspends them while the channel is full)
     * @param prefetch how many items may be requested and not yet in the channel, at least 1
     * @return the subscriber, to pass to {@code Publisher.subscribe}
     * @throws IllegalArgumentException if {@code prefetch < 1}
     */
    public static <T> ChanSubscriber<T> subscriber(Chan<T> chan, Executor on, int prefetch) {
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1: " + prefetch);
        }
        return new ChanSubscriber<>(Objects.requireNonNull(chan, "chan"), Objects.requireNonNull(on, "on"), prefetch);
    }
}
