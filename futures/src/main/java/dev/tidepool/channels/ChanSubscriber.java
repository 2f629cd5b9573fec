package dev.tidepool.channels;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * A {@link Flow.Subscriber} that sends what it receives into a channel, asking for one item at a
 * time: the next is requested once the last one is in the channel, so a full channel holds the
 * publisher back. Built by {@link ChanFlow#subscriber}. When the publisher completes, or fails,
 * the channel is closed after the last item, and {@link #done()} settles (failed with the
 * publisher's error). A send that fails (the channel was closed by someone else) cancels the
 * subscription and fails {@code done()}.
 *
 * @param <T> type of the items
 */
public final class ChanSubscriber<T> implements Flow.Subscriber<T> {
    /*
     * Implementation overview: each item is sent by a task on the executor (a send may wait, and
     * a Subscriber's methods must not); only one item is ever outstanding, since request(1) comes
     * after its send, so those tasks run one after another and keep the publisher's order. The
     * Reactive Streams rules order the signals (1.3: never concurrent, with happens-before), so
     * `subscription` is a plain field; `last`, the future of the newest send, is volatile because
     * it is written before the request(1) that lets the next signal in, possibly from the thread
     * that finished the send. The end (close, done) is chained after the last send's future.
     */
    private final Chan<T> chan;
    private final Executor on;
    private final Promise<Void> done = Fut.promise();
    private Flow.Subscription subscription;
    private volatile Fut<Void> last = Fut.of(null);

    ChanSubscriber(Chan<T> chan, Executor on) {
        this.chan = chan;
        this.on = on;
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
        s.request(1);
    }

    @Override
    public void onNext(T item) {
        Objects.requireNonNull(item, "item");
        Flow.Subscription s = subscription;
        Fut<Void> sent = Fut.spawn(on, () -> {
            chan.send(item);
            return null;
        });
        last = sent; // before the request below, which lets the next onNext in
        sent.onComplete((v, e) -> {
            if (e == null) {
                s.request(1);
            } else if (done.tryFail(e)) {
                s.cancel();
            }
        });
    }

    @Override
    public void onError(Throwable error) {
        Objects.requireNonNull(error, "error");
        last.onComplete((v, e) -> {
            chan.close();
            done.tryFail(error);
        });
    }

    @Override
    public void onComplete() {
        last.onComplete((v, e) -> {
            chan.close();
            if (e == null) {
                done.tryComplete(null);
            }
        });
    }
}
