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
 * <p>Implementation overview. Each subscription has a pump task on the executor, the only code
 * that signals the subscriber after {@code onSubscribe}, so signals never overlap (rule 1.3). It
 * receives a value only when the subscriber has demand left, so values stay in the channel
 * (where other receivers may take them) until they are asked for. Demand is an AtomicLong; a pump
 * that finds it at zero publishes a fresh promise in {@code wake}, reads the demand again, and
 * awaits the promise (suspending its task); {@code request} adds to the demand and then completes
 * whatever promise is in {@code wake}. Both sides write one volatile and then read the other's,
 * so at least one of them sees the other: the pump never sleeps on demand it was given.
 *
 * <p>The end without demand. Rules 1.4 and 1.5 ask for onError/onComplete whether or not the
 * subscriber asked for anything, so the pump also stops waiting for demand once the channel has
 * ended and holds nothing: a listener registered with the channel ({@code Chan.whenDrained})
 * completes {@code wake} as a request does, and the pump reads the channel's state again after
 * publishing {@code wake}, as it reads the demand.
 *
 * <p>Stopping. {@code cancel} and a bad {@code request(n <= 0)} each set a volatile field and then
 * turn the subscription's switch off. The pump reads both fields before every receive, so a pump
 * with demand and buffered values stops at the next value; a pump waiting (for demand, or in a
 * receive) is woken by the switch, which withdraws its receive (no value taken). Only a value the
 * pump had already received when the stop came is still delivered: it was requested, and putting
 * it back would reorder the channel. After {@code cancel}, {@code request} does nothing (3.6), and
 * no onError/onComplete follows. A bad request ends in onError with IllegalArgumentException
 * (3.9), without a value that was not received yet.
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
        try {
            subscriber.onSubscribe(s);
        } catch (Throwable e) {
            s.cancel(); // a subscriber that throws is cancelled (rule 2.13)
            return;
        }
        try {
            // Not Fut.spawn(on, sw, ...): a task whose switch is off before it starts never runs,
            // and a cancel or a bad request may come before the pump starts; the latter must
            // still be signalled. The pump makes the switch current itself.
            Fut.spawn(on, () -> s.sw.callAsCurrent(() -> {
                s.pump();
                return null;
            }));
        } catch (RuntimeException rejected) {
            if (!s.cancelled) {
                s.sw.turnOff();
                subscriber.onError(rejected);
            }
        }
    }

    private static final class Subscription<T> implements Flow.Subscription {
        private final Chan<T> chan;
        private final Flow.Subscriber<? super T> subscriber;
        final Switch sw = Switch.create();
        private final AtomicLong demand = new AtomicLong();
        private volatile Promise<Void> wake;
        private volatile Throwable badRequest;
        volatile boolean cancelled;

        Subscription(Chan<T> chan, Flow.Subscriber<? super T> subscriber) {
            this.chan = chan;
            this.subscriber = subscriber;
        }

        void pump() {
            Runnable unlisten = chan.whenDrained(() -> {
                Promise<Void> p = wake;
                if (p != null) {
                    p.tryComplete(null); // no callbacks on it: this only wakes the pump
                }
            });
            try {
                for (;;) {
                    awaitDemand();
                    if (stopped()) {
                        return;
                    }
                    Received<T> r = chan.receiveCatching(); // with demand, or at once at the end
                    if (r instanceof Received.Closed<T>(Throwable cause)) {
                        if (cause == null) {
                            subscriber.onComplete();
                        } else {
                            subscriber.onError(cause);
                        }
                        return;
                    }
                    demand.decrementAndGet();
                    subscriber.onNext(r.valueOrNull()); // received before any stop: it was requested
                }
            } catch (SwitchOffException woken) {
                stopped(); // cancelled, or a bad request: its onError
            } catch (Throwable e) {
                cancel(); // a subscriber that throws is cancelled (rule 2.13)
            } finally {
                unlisten.run();
            }
        }

        /** Whether the pump must stop; signals onError for a bad request (once, not after cancel). */
        private boolean stopped() {
            if (cancelled) {
                return true;
            }
            Throwable bad = badRequest;
            if (bad != null) {
                cancelled = true; // the subscription ends with this signal
                subscriber.onError(bad);
                return true;
            }
            return false;
        }

        /** Waits until there is demand, or the subscription is stopped, or the channel has ended empty. */
        private void awaitDemand() {
            while (demand.get() == 0 && !cancelled && badRequest == null && !chan.isClosedForReceive()) {
                Promise<Void> p = Fut.promise();
                wake = p;
                if (demand.get() != 0 || cancelled || badRequest != null || chan.isClosedForReceive()) {
                    return;
                }
                p.fut().await(); // ends with SwitchOffException once cancelled or given a bad request
            }
        }

        @Override
        public void request(long n) {
            if (cancelled) {
                return; // rule 3.6
            }
            if (n <= 0) {
                badRequest = new IllegalArgumentException("request(n) needs n > 0 (Reactive Streams rule 3.9): " + n);
                sw.turnOff(); // wakes the pump wherever it waits
                return;
            }
            demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b); // at most "unbounded"
            Promise<Void> p = wake;
            if (p != null) {
                p.tryComplete(null);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            sw.turnOff();
        }
    }
}
