package dev.tidepool.channels;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.switches.SwitchOffException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel between tasks: values sent by some are received by others, each exactly once, in the
 * order they were sent. A {@link #bounded(int) bounded} channel holds at most its capacity of
 * values; capacity 0 is a rendezvous, where a send waits for a receiver. An
 * {@link #unbounded() unbounded} one never makes a sender wait.
 *
 * <p>Waiting: {@link #send} waits while the channel is full and {@link #receive} while it is empty.
 * Inside a Tidepool task the wait suspends the task, as {@link Fut#await()} does, so its worker
 * runs other tasks; any other thread blocks. A task running under a switch that turns off stops
 * waiting with {@link SwitchOffException}, and its operation is withdrawn: a send that did not
 * happen leaves nothing in the channel, a receive that did not happen takes nothing. The timed
 * forms give up with {@link TimeoutException} the same way. As with {@code await}, waiting while
 * holding a {@link dev.tidepool.sync.Lock} is refused.
 *
 * <p>Closing: {@link #close()} makes every later send throw {@link ChannelClosedException}, and
 * the senders waiting at that moment too (their values are not sent). Receivers still get what was
 * buffered, then the end: {@code receive} throws {@link ChannelClosedException},
 * {@link #receiveOrNull()} and {@link #tryReceive()} return null, iteration stops.
 *
 * <p>Memory consistency: everything a thread does before it sends a value happens-before
 * everything the thread that receives that value does after the receive.
 *
 * @param <T> type of the values (never null)
 */
public final class Chan<T> implements Iterable<T> {
    /*
     * Implementation overview: one ReentrantLock guards the buffer, the queues of waiting senders
     * and receivers, and the closed flag; no field is read outside it. A waiting operation is a
     * Promise that another operation settles under the lock (a sender's once its value is taken,
     * a receiver's with the value), then the waiter awaits it outside the lock. A waiter that stops
     * (switch off, timeout) takes the lock again: if its promise is settled the operation happened
     * and it returns normally; otherwise it is still queued, and removing it withdraws the
     * operation. Settling under the lock is what makes this exact: a promise is settled only by a
     * holder of the lock that has taken it out of its queue. The promises have no callbacks, so
     * settling one only wakes its waiter; no foreign code runs under the lock. A queued waiter may
     * also be one case of a waiting Select, whose promise is shared by its cases on several
     * channels: taking such a waiter out is a tryComplete of that promise, which fails when the
     * select went another way (then the waiter is dropped and the next one tried). Select locks
     * all its channels, in serial order, while it looks at them and queues its cases.
     */
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final AtomicLong SERIALS = new AtomicLong();

    /** A waiting send: a plain one (its promise) or one case of a waiting {@link Select}. */
    private record Sender<T>(T value, Promise<Void> sent, Select.Waiting select, int index) {
        /** Claims the sender's value; false for a select that already went another way. */
        boolean take() {
            return select == null ? sent.tryComplete(null) : select.fire(index, null);
        }

        void closed(ChannelClosedException e) {
            if (select == null) {
                sent.tryFail(e);
            } else {
                select.fail(index, e);
            }
        }
    }

    /** A waiting receive: a plain one (its promise) or one case of a waiting {@link Select}. */
    private record Receiver<T>(Promise<T> received, Select.Waiting select, int index) {
        /** Hands {@code value} over; false for a select that already went another way. */
        boolean deliver(T value) {
            return select == null ? received.tryComplete(value) : select.fire(index, value);
        }

        /** The channel closed with nothing buffered: a plain receive fails, a select case gets the end. */
        void closed(ChannelClosedException e) {
            if (select == null) {
                received.tryFail(e);
            } else {
                select.fire(index, null);
            }
        }
    }

    private final String name;
    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final ArrayDeque<Sender<T>> senders = new ArrayDeque<>();
    private final ArrayDeque<Receiver<T>> receivers = new ArrayDeque<>();
    private boolean closed;
    /** Orders the locking of several channels by one select. */
    final long serial = SERIALS.incrementAndGet();

    private Chan(String name, int capacity) {
        this.name = name;
        this.capacity = capacity;
    }

    /**
     * A channel holding at most {@code capacity} values; 0 makes every send wait for a receiver.
     *
     * @param <T> type of the values
     * @param capacity how many values may wait in the channel
     * @return a new open channel
     * @throws IllegalArgumentException if {@code capacity < 0}
     */
    public static <T> Chan<T> bounded(int capacity) {
        return bounded("chan-" + IDS.incrementAndGet(), capacity);
    }

    /**
     * Same as {@link #bounded(int)}, with a name for errors.
     *
     * @param <T> type of the values
     * @param name the name used in errors
     * @param capacity how many values may wait in the channel
     * @return a new open channel
     * @throws IllegalArgumentException if {@code capacity < 0}
     */
    public static <T> Chan<T> bounded(String name, int capacity) {
        Objects.requireNonNull(name, "name");
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be at least 0: " + capacity);
        }
        return new Chan<>(name, capacity);
    }

    /**
     * A channel without a bound: a send never waits.
     *
     * @param <T> type of the values
     * @return a new open channel
     */
    public static <T> Chan<T> unbounded() {
        return unbounded("chan-" + IDS.incrementAndGet());
    }

    /**
     * Same as {@link #unbounded()}, with a name for errors.
     *
     * @param <T> type of the values
     * @param name the name used in errors
     * @return a new open channel
     */
    public static <T> Chan<T> unbounded(String name) {
        return new Chan<>(Objects.requireNonNull(name, "name"), Integer.MAX_VALUE);
    }

    /**
     * A new {@link Select}: a wait on several channel operations, of which exactly one happens.
     *
     * @param <R> type of what the cases' functions return
     * @return an empty select, to which cases are added
     */
    public static <R> Select<R> select() {
        return new Select<>();
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends {@code value}, waiting while the channel is full.
     *
     * @param value the value, not null
     * @throws ChannelClosedException if the channel is closed, or closes while this send waits
     * @throws SwitchOffException if the caller's switch turns off while it waits (nothing is sent)
     */
    public void send(T value) {
        Sender<T> s = offer(value);
        if (s != null) {
            try {
                awaitSent(s, null);
            } catch (TimeoutException e) {
                throw new AssertionError("no timeout was given", e);
            }
        }
    }

    /**
     * Sends {@code value}, waiting at most {@code timeout} while the channel is full.
     *
     * @param value the value, not null
     * @param timeout the longest wait
     * @throws TimeoutException if the channel stayed full (nothing is sent)
     * @throws ChannelClosedException if the channel is closed, or closes while this send waits
     * @throws SwitchOffException if the caller's switch turns off while it waits (nothing is sent)
     */
    public void send(T value, Duration timeout) throws TimeoutException {
        checkTimeout(timeout);
        Sender<T> s = offer(value);
        if (s != null) {
            awaitSent(s, timeout);
        }
    }

    /**
     * Sends {@code value} if that needs no wait.
     *
     * @param value the value, not null
     * @return whether it was sent
     * @throws ChannelClosedException if the channel is closed
     */
    public boolean trySend(T value) {
        Objects.requireNonNull(value, "value");
        lock.lock();
        try {
            return sendNow(value);
        } finally {
            lock.unlock();
        }
    }

    /** Sends now if possible; else queues and returns a waiting sender. */
    private Sender<T> offer(T value) {
        Objects.requireNonNull(value, "value");
        lock.lock();
        try {
            if (sendNow(value)) {
                return null;
            }
            Sender<T> s = new Sender<>(value, Fut.promise(), null, -1);
            senders.add(s);
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: hands {@code value} to a waiting receiver or buffers it; false if full. */
    private boolean sendNow(T value) {
        if (closed) {
            throw closedError("send to");
        }
        for (Receiver<T> r; (r = receivers.poll()) != null; ) {
            if (r.deliver(value)) {
                return true;
            } // else a select that went another way: drop it
        }
        if (buffer.size() < capacity) {
            buffer.add(value);
            return true;
        }
        return false;
    }

    private void awaitSent(Sender<T> s, Duration timeout) throws TimeoutException {
        try {
            if (timeout == null) {
                s.sent().fut().await();
            } else {
                s.sent().fut().await(timeout);
            }
        } catch (RuntimeException | TimeoutException e) { // a switch, a timeout, a Lock held, or closed
            if (!withdraw(senders, s)) {
                settled(s.sent().fut()); // taken meanwhile: it was sent, or the channel closed
                return;
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Receives the next value, waiting while the channel is empty.
     *
     * @return the value
     * @throws ChannelClosedException once the channel is closed and empty
     * @throws SwitchOffException if the caller's switch turns off while it waits (nothing is taken)
     */
    public T receive() {
        T v = receiveOrNull();
        if (v == null) {
            throw closedError("receive from");
        }
        return v;
    }

    /**
     * Receives the next value, waiting at most {@code timeout} while the channel is empty.
     *
     * @param timeout the longest wait
     * @return the value
     * @throws TimeoutException if the channel stayed empty (nothing is taken)
     * @throws ChannelClosedException once the channel is closed and empty
     * @throws SwitchOffException if the caller's switch turns off while it waits (nothing is taken)
     */
    public T receive(Duration timeout) throws TimeoutException {
        checkTimeout(timeout);
        T v = receiveNowOrWait(timeout);
        if (v == null) {
            throw closedError("receive from");
        }
        return v;
    }

    /**
     * Receives the next value, waiting while the channel is empty; null once it is closed and
     * empty.
     *
     * @return the value, or null at the end
     * @throws SwitchOffException if the caller's switch turns off while it waits (nothing is taken)
     */
    public T receiveOrNull() {
        try {
            return receiveNowOrWait(null);
        } catch (TimeoutException e) {
            throw new AssertionError("no timeout was given", e);
        }
    }

    /**
     * Receives the next value if that needs no wait.
     *
     * @return the value, or null if the channel is empty (or closed and empty)
     */
    public T tryReceive() {
        lock.lock();
        try {
            return receiveNow();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: the next value (from the buffer, then from a waiting sender), or null. */
    private T receiveNow() {
        T v = buffer.poll();
        Sender<T> s;
        while ((s = senders.poll()) != null && !s.take()) {
            // a select that went another way: drop it
        }
        if (s == null) {
            return v;
        }
        if (v == null) {
            return s.value(); // a rendezvous, or a sender waiting on an empty buffer of capacity 0
        }
        buffer.add(s.value()); // the buffer had no room for it, and now has
        return v;
    }

    /** The next value, waiting at most {@code timeout} (null: for ever); null once closed and empty. */
    T receiveNowOrWait(Duration timeout) throws TimeoutException {
        Receiver<T> r;
        lock.lock();
        try {
            T v = receiveNow();
            if (v != null || closed) {
                return v;
            }
            r = new Receiver<>(Fut.promise(), null, -1);
            receivers.add(r);
        } finally {
            lock.unlock();
        }
        try {
            return timeout == null ? r.received().fut().await() : r.received().fut().await(timeout);
        } catch (ChannelClosedException e) {
            return null; // closed while waiting, with nothing buffered
        } catch (RuntimeException | TimeoutException e) { // a switch, a timeout or a Lock held
            if (withdraw(receivers, r)) {
                throw e;
            }
            try {
                return settled(r.received().fut()); // handed a value meanwhile: it is ours
            } catch (ChannelClosedException closedMeanwhile) {
                return null;
            }
        }
    }

    /**
     * Removes a waiter that gave up from {@code queue}; false if another operation had taken it
     * out already, and so settled its promise.
     */
    private boolean withdraw(ArrayDeque<?> queue, Object waiter) {
        lock.lock();
        try {
            return queue.removeFirstOccurrence(waiter);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- views

    /**
     * This channel seen as a {@link java.util.concurrent.BlockingQueue}, for code that expects
     * one: {@code put}/{@code take} are {@code send}/{@code receive} (so inside a Tidepool task they
     * suspend the task, not its worker), {@code offer}/{@code poll} are {@code trySend}/
     * {@code tryReceive}, the timed forms are the timed operations (false or null on timeout).
     * {@code size} counts the values buffered, {@code remainingCapacity} the room left
     * ({@link Integer#MAX_VALUE} when unbounded), {@code peek} the value a receive would get now,
     * and iteration walks a snapshot of the buffer (its {@code remove} is unsupported). A closed
     * channel makes {@code put} and {@code offer} throw {@link ChannelClosedException},
     * {@code take} throw it once drained, and {@code poll} return null once drained.
     *
     * @return a view backed by this channel
     */
    public java.util.concurrent.BlockingQueue<T> asBlockingQueue() {
        return new ChanQueue<>(this);
    }

    /** The value a receive would get now, without taking it; null if none. */
    T peek() {
        lock.lock();
        try {
            T v = buffer.peek();
            if (v != null) {
                return v;
            }
            for (Sender<T> s : senders) {
                if (s.select() == null || !s.select().fired.fut().isDone()) {
                    return s.value();
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** How many values are buffered. */
    int size() {
        lock.lock();
        try {
            return buffer.size();
        } finally {
            lock.unlock();
        }
    }

    /** How many more values the buffer takes now ({@link Integer#MAX_VALUE} when unbounded). */
    int remainingCapacity() {
        lock.lock();
        try {
            return capacity == Integer.MAX_VALUE ? Integer.MAX_VALUE : capacity - buffer.size();
        } finally {
            lock.unlock();
        }
    }

    /** The buffered values, oldest first, copied. */
    java.util.List<T> snapshot() {
        lock.lock();
        try {
            return java.util.List.copyOf(buffer);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- for Select, under the lock

    ReentrantLock lock() {
        return lock;
    }

    /** Under the lock: a value, {@link Select#END} if closed and empty, or null if none now. */
    Object selectReceiveNow() {
        T v = receiveNow();
        return v != null ? v : closed ? Select.END : null;
    }

    /** Under the lock: whether {@code value} was sent at once; throws if closed. */
    boolean selectSendNow(Object value) {
        @SuppressWarnings("unchecked") T v = (T) value;
        return sendNow(v);
    }

    /** Under the lock: queues case {@code index} of {@code select}, a receive. */
    void selectWaitReceive(Select.Waiting select, int index) {
        receivers.add(new Receiver<>(null, select, index));
    }

    /** Under the lock: queues case {@code index} of {@code select}, a send of {@code value}. */
    void selectWaitSend(Select.Waiting select, int index, Object value) {
        @SuppressWarnings("unchecked") T v = (T) value;
        senders.add(new Sender<>(v, null, select, index));
    }

    /** Removes every case of {@code select} still queued here (takes the lock). */
    void withdraw(Select.Waiting select) {
        lock.lock();
        try {
            receivers.removeIf(r -> r.select() == select);
            senders.removeIf(s -> s.select() == select);
        } finally {
            lock.unlock();
        }
    }

    String name() {
        return name;
    }

    // ---------------------------------------------------------------- closing and the rest

    /**
     * Closes the channel: later sends, and the sends waiting now, throw
     * {@link ChannelClosedException}; receivers get what is buffered, then the end. Closing a
     * closed channel does nothing.
     */
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Sender<T> s; (s = senders.poll()) != null; ) {
                s.closed(closedError("send to"));
            }
            for (Receiver<T> r; (r = receivers.poll()) != null; ) {
                r.closed(closedError("receive from")); // only waiting when nothing was buffered
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The values received one by one with {@link #receiveOrNull()}, until the channel is closed
     * and empty. Each value goes to exactly one receiver, whichever way it receives.
     *
     * @return an iterator that waits for values
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = receiveOrNull();
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel '" + name + "' is closed and empty");
                }
                T v = next;
                next = null;
                return v;
            }
        };
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "Chan[" + name + ", " + buffer.size() + " buffered" + (capacity == Integer.MAX_VALUE ? "" : " of " + capacity)
                    + ", " + senders.size() + " senders and " + receivers.size() + " receivers waiting"
                    + (closed ? ", closed]" : "]");
        } finally {
            lock.unlock();
        }
    }

    private ChannelClosedException closedError(String what) {
        return new ChannelClosedException("cannot " + what + " channel '" + name + "': it is closed");
    }

    private static void checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
    }

    /** The outcome of a future settled under the lock before its waiter gave up. */
    private static <V> V settled(Fut<V> f) {
        return f.await(); // settled already: returns or throws at once
    }
}
