package dev.tidepool.channels;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A channel's values as a {@link Flow.Publisher}: see {@link ChanFlow#publisher}.
 *
 * <p>Implementation overview. Each subscription has a pump task on the executor that receives a
 * value only when the subscriber has demand left, so values stay in the channel (where other
 * receivers may take them) until they are asked for. Demand is an AtomicLong; a pump that finds
 * it at zero publishes a fresh promise in {@code wake}, reads the demand again, and awaits the
 * promise (suspending its task); {@code request} adds to the demand and then completes whatever
 * promise is in {@code wake}. Both sides write one volatile and then read the other's, so at
 * least one of them sees the other: the pump never sleeps on demand it was given. Cancelling
 * turns the subscription's switch off, which ends the pump's wait, even a receive, withdrawing it
 * (no value taken).
 */
final class ChanPublisher<T> implements Flow.Publisher<T> {
    private final Chan<T> chan;
    private final Executor on;

    ChanPublisher(Chan<T> chan, Executor on) {
        this.chan = chan;
        this.on = on;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Subscription<T> s = new Subscription<>(chan, subscriber);
        subscriber.onSubscribe(s);
        try {
            Fut.spawn(on, s.sw, () -> {
                s.pump();
                return null;
            });
        } catch (RuntimeException rejected) {
            s.sw.turnOff();
            subscriber.onError(rejected);
        }
    }

    private static final class Subscription<T> implements Flow.Subscription {
        private final Chan<T> chan;
        private final Flow.Subscriber<? super T> subscriber;
        private final Switch sw = Switch.create();
        private final AtomicLong demand = new AtomicLong();
        private volatile Promise<Void> wake;
        private volatile Throwable badRequest;

        Subscription(Chan<T> chan, Flow.Subscriber<? super T> subscriber) {
            this.chan = chan;
            this.subscriber = subscriber;
        }

        void pump() {
            try {
                for (;;) {
                    awaitDemand();
                    if (badRequest != null) {
                        subscriber.onError(badRequest);
                        return;
                    }
                    T v = chan.receiveOrNull();
                    if (v == null) {
                        subscriber.onComplete();
                        return;
                    }
                    demand.decrementAndGet();
                    subscriber.onNext(v);
                }
            } catch (SwitchOffException cancelled) {
                // the subscriber cancelled: a waiting receive was withdrawn
            } catch (Throwable e) {
                sw.turnOff(); // a subscriber that throws is cancelled (Reactive Streams 2.13)
            }
        }

        private void awaitDemand() {
            while (demand.get() == 0 && badRequest == null) {
                Promise<Void> p = Fut.promise();
                wake = p;
                if (demand.get() != 0 || badRequest != null) {
                    return;
                }
                p.fut().await(); // ends with SwitchOffException once cancelled
            }
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest = new IllegalArgumentException("request(n) needs n > 0 (Reactive Streams 3.9): " + n);
            } else {
                demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b); // at most "unbounded"
            }
            Promise<Void> p = wake;
            if (p != null) {
                p.tryComplete(null);
            }
        }

        @Override
        public void cancel() {
            sw.turnOff();
        }
    }
}
