package dev.tidepool.channels;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Flow.Subscriber} that sends what it receives into a channel, in order, asking the
 * publisher for at most {@code prefetch} items beyond those already in the channel: it requests
 * {@code prefetch} at first and one more each time an item is in the channel, so a full channel
 * holds the publisher back. Built by {@link ChanFlow#subscriber}. When the publisher completes the
 * channel is closed after the last item, and {@link #done()} succeeds; when it fails, the channel
 * is closed with its error as the cause ({@link Chan#close(Throwable)}: receivers get the items,
 * then the error) and {@code done()} fails with it. A send that fails (the channel was closed or
 * cancelled by someone else) cancels the subscription, drops the items not yet sent, and fails
 * {@code done()}.
 *
 * @param <T> type of the items
 */
public final class ChanSubscriber<T> implements Flow.Subscriber<T> {
    /*
     * Implementation overview: the signals add to `pending` (items) or set the end (`ended`,
     * `error`), then call drain(). The sends happen in a task on the executor (a send may wait, and
     * a Subscriber's methods must not), and at most one such task runs at a time: `wip` counts the
     * drain requests, the call that raised it from 0 spawns the task, and the task loops until it
     * brings the count back to 0 (the usual work-in-progress counter), so items are sent one after
     * another in arrival order. Only that task calls request(1) (rule 2.7: requests are serial),
     * besides onSubscribe's first request, which precedes every item. `pending` never holds more
     * than prefetch items, since the publisher sends no more than was requested. The Reactive
     * Streams rules order the signals (1.3: never concurrent, with happens-before), and the task
     * reads the fields they write after the wip increment that follows each write.
     */
    private final Chan<T> chan;
    private final Executor on;
    private final int prefetch;
    private final Promise<Void> done = Fut.promise();
    private final ConcurrentLinkedQueue<T> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile Flow.Subscription subscription;
    private volatile boolean ended;
    private volatile Throwable error;
    /** Set by the drain task once a send failed: it drops what is left. */
    private boolean failed;

    ChanSubscriber(Chan<T> chan, Executor on, int prefetch) {
        this.chan = chan;
        this.on = on;
        this.prefetch = prefetch;
    }

    /**
     * Settles once the publisher ended and every item was sent: succeeds after
     * {@code onComplete}, fails with the publisher's error or with the failure of a send.
     *
     * @return the future of the end of the subscription
     */
    public Fut<Void> done() {
        return done.fut();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription");
        if (subscription != null) {
            s.cancel(); // one publisher only (Reactive Streams 2.5)
            return;
        }
        subscription = s;
        s.request(prefetch);
    }

    @Override
    public void onNext(T item) {
        Objects.requireNonNull(item, "item");
        pending.add(item);
        drain();
    }

    @Override
    public void onError(Throwable error) {
        Objects.requireNonNull(error, "error");
        this.error = error;
        ended = true;
        drain();
    }

    @Override
    public void onComplete() {
        ended = true;
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return; // the running task will see it
        }
        try {
            on.execute(this::sendAll);
        } catch (RuntimeException rejected) {
            pending.clear();
            done.tryFail(rejected);
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    /** The drain task: sends what is pending, then ends the channel after the last item. */
    private void sendAll() {
        int missed = 1;
        for (;;) {
            for (T item; (item = pending.poll()) != null; ) {
                if (failed) {
                    continue; // a send failed: nothing more goes into the channel
                }
                try {
                    chan.send(item);
                } catch (Throwable e) {
                    failed = true;
                    done.tryFail(e);
                    subscription.cancel();
                    continue;
                }
                subscription.request(1);
            }
            if (ended && pending.isEmpty() && !failed) {
                Throwable e = error;
                if (e == null) {
                    chan.close();
                    done.tryComplete(null);
                } else {
                    chan.close(e);
                    done.tryFail(e);
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }
}
