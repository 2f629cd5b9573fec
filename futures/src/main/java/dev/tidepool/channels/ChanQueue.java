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
 * maps onto one channel operation, so the view holds no state of its own. The waiting methods are
 * interruptible, as the JDK's queues are: an interrupt on entry throws at once, and one during
 * the wait withdraws the operation (if it had happened already, the method returns normally and
 * the interrupt stays set).
 */
final class ChanQueue<T> extends AbstractQueue<T> implements BlockingQueue<T> {
    private final Chan<T> chan;

    ChanQueue(Chan<T> chan) {
        this.chan = chan;
    }

    @Override
    public void put(T e) throws InterruptedException {
        enter();
        try {
            chan.send(e, null, true);
        } catch (TimeoutException never) {
            throw new AssertionError("no timeout was given", never);
        }
    }

    @Override
    public boolean offer(T e) {
        return chan.trySend(e);
    }

    @Override
    public boolean offer(T e, long timeout, TimeUnit unit) throws InterruptedException {
        Duration d = duration(timeout, unit);
        enter();
        try {
            chan.send(e, d, true);
            return true;
        } catch (TimeoutException full) {
            return false;
        }
    }

    @Override
    public T take() throws InterruptedException {
        enter();
        try {
            return chan.valueOrThrow(chan.receive(null, true));
        } catch (TimeoutException never) {
            throw new AssertionError("no timeout was given", never);
        }
    }

    @Override
    public T poll() {
        return chan.tryReceive();
    }

    @Override
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        Duration d = duration(timeout, unit);
        enter();
        try {
            Object v = chan.receive(d, true);
            if (v instanceof Chan.End) {
                return null; // closed and drained, as the untimed poll
            }
            @SuppressWarnings("unchecked") T t = (T) v;
            return t;
        } catch (TimeoutException empty) {
            return null;
        }
    }

    /** Throws if the calling thread is interrupted, as every waiting method of a JDK queue does. */
    private static void enter() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** {@code timeout} in {@code unit}, saturated (as {@link TimeUnit#toNanos}) and at least 0. */
    private static Duration duration(long timeout, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        return Duration.ofNanos(unit.toNanos(Math.max(0, timeout)));
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
    public boolean isEmpty() {
        return chan.isEmpty();
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
