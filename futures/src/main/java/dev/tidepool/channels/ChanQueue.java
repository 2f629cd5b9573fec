package dev.tidepool.channels;

import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A channel seen as a {@link BlockingQueue}: see {@link Chan#asBlockingQueue()}. Every method
 * maps onto one channel operation, so the view holds no state of its own.
 */
final class ChanQueue<T> extends AbstractQueue<T> implements BlockingQueue<T> {
    private final Chan<T> chan;

    ChanQueue(Chan<T> chan) {
        this.chan = chan;
    }

    @Override
    public void put(T e) {
        chan.send(e);
    }

    @Override
    public boolean offer(T e) {
        return chan.trySend(e);
    }

    @Override
    public boolean offer(T e, long timeout, TimeUnit unit) {
        try {
            chan.send(e, Duration.of(Math.max(0, timeout), unit.toChronoUnit()));
            return true;
        } catch (TimeoutException full) {
            return false;
        }
    }

    @Override
    public T take() {
        return chan.receive();
    }

    @Override
    public T poll() {
        return chan.tryReceive();
    }

    @Override
    public T poll(long timeout, TimeUnit unit) {
        try {
            return chan.receiveNowOrWait(Duration.of(Math.max(0, timeout), unit.toChronoUnit()));
        } catch (TimeoutException empty) {
            return null;
        }
    }

    @Override
    public T peek() {
        return chan.peek();
    }

    @Override
    public int size() {
        return chan.size();
    }

    @Override
    public int remainingCapacity() {
        return chan.remainingCapacity();
    }

    @Override
    public int drainTo(Collection<? super T> c) {
        return drainTo(c, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super T> c, int maxElements) {
        Objects.requireNonNull(c, "c");
        if (c == this) {
            throw new IllegalArgumentException("cannot drain a queue into itself");
        }
        int n = 0;
        for (T v; n < maxElements && (v = chan.tryReceive()) != null; n++) {
            c.add(v);
        }
        return n;
    }

    /** The values buffered now, oldest first; a snapshot that does not change the channel. */
    @Override
    public Iterator<T> iterator() {
        return chan.snapshot().iterator();
    }

    @Override
    public String toString() {
        return "BlockingQueue view of " + chan;
    }
}
