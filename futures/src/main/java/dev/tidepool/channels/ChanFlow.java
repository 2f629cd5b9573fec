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
     * The values of {@code chan} as a publisher. Each subscriber gets a task on {@code on} that
     * receives a value only when the subscriber has demand left ({@code request(n)}), so nothing
     * is taken from the channel before it is asked for; the subscriber completes once the channel
     * is closed and drained. Several subscribers compete for the values, as several receivers do:
     * each value goes to one of them. {@code cancel()} withdraws the task's waiting receive (no
     * value taken); a value received just before is still delivered. A request of {@code n <= 0}
     * ends the subscription with {@link IllegalArgumentException}.
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
     * A subscriber that sends every item it receives into {@code chan}, one at a time from tasks
     * on {@code on}, and asks the publisher for the next only once the last is in the channel; it
     * closes the channel when the publisher ends. See {@link ChanSubscriber}.
     *
     * @param <T> type of the items
     * @param chan the channel
     * @param on runs the sends (a Tidepool runner suspends them while the channel is full)
     * @return the subscriber, to pass to {@code Publisher.subscribe}
     */
    public static <T> ChanSubscriber<T> subscriber(Chan<T> chan, Executor on) {
        return new ChanSubscriber<>(Objects.requireNonNull(chan, "chan"), Objects.requireNonNull(on, "on"));
    }
}
