package dev.tidepool.channels;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Outcome;
import dev.tidepool.futures.Promise;
import dev.tidepool.switches.SwitchOffException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel between tasks: values sent by some are received by others, each exactly once, in the
 * order they were sent.
 *
 * <p>Kinds: a {@link #bounded(int) bounded} channel holds at most its capacity of values, and a
 * send waits while it is full; capacity 0 is a rendezvous, where a send waits for a receiver. An
 * {@link #unbounded() unbounded} one never makes a sender wait. A {@link #dropOldest(int)}
 * channel never makes a sender wait either: a send to a full one drops the oldest value held, so
 * receivers get the newest values; {@link #conflated()} is the one-value case (a receiver gets
 * the latest value sent, a state that is overwritten rather than a queue of events).
 *
 * <p>Waiting: {@link #send} waits while the channel is full and {@link #receive} while it is empty.
 * Inside a Tidepool task the wait suspends the task, as {@link Fut#await()} does, so its worker
 * runs other tasks; any other thread blocks. A task running under a switch that turns off stops
 * waiting with {@link SwitchOffException}, and its operation is withdrawn: a send that did not
 * happen leaves nothing in the channel, a receive that did not happen takes nothing. The timed
 * forms give up with {@link TimeoutException} the same way. As with {@code await}, waiting while
 * holding a {@link dev.tidepool.sync.Lock} is refused, and an interrupt does not end the wait
 * (the {@link #asBlockingQueue() BlockingQueue view}'s waits are interruptible).
 *
 * <p>The end: {@link #close()} makes every later send throw {@link ChannelClosedException}, and
 * the senders waiting at that moment too (their values are not sent); receivers still get what was
 * buffered, then the end: {@link #receive} throws {@code ChannelClosedException},
 * {@link #receiveOrNull()} returns null, {@link #receiveCatching()} returns
 * {@link Received.Closed}, iteration stops. {@link #close(Throwable)} ends the channel with a
 * failure: after the drain, {@code receive}, {@code receiveOrNull} and iteration throw a
 * {@code ChannelClosedException} whose cause is the one given, and {@code receiveCatching} returns
 * it. {@link #cancel()} ends it at once: what was buffered is dropped (and returned to the caller),
 * and both sides fail with a {@link CancellationException} as the cause.
 *
 * <p>Memory consistency: everything a thread does before it sends a value happens-before
 * everything the thread that receives that value does after the receive; everything a thread
 * does before it closes the channel happens-before a receiver sees the end.
 *
 * @param <T> type of the values (never null)
 */
public final class Chan<T> implements Iterable<T> {
    /*
     * Implementation overview: one ReentrantLock guards the buffer, the queues of waiting senders
     * and receivers, and the end (closed, the End record); no field is read outside it but the
     * final ones. A waiting operation is a Promise that another operation settles under the lock
     * (a sender's with null once its value is taken, a receiver's with the value; either with the
     * channel's End when it closes), then the waiter awaits it outside the lock. A waiter that
     * stops (switch off, timeout, interrupt) takes the lock again: if its promise is settled the
     * operation happened, or the channel ended, and it goes on from that outcome; otherwise it is
     * still queued, and removing it withdraws the operation. Settling under the lock is what makes
     * this exact: a promise is settled only by a holder of the lock that has taken it out of its
     * queue. The promises have no callbacks, so settling one only wakes its waiter; no foreign
     * code runs under the lock. A queued waiter may also be one case of a waiting Select, whose
     * promise is shared by its cases on several channels: taking such a waiter out is a
     * tryComplete of that promise, which fails when the select went another way (then the waiter
     * is dropped and the next one tried). Select locks all its channels, in serial order, while it
     * looks at them and queues its cases. The exceptions a caller sees are made on its own thread,
     * from the End, so their stack traces show the caller.
     */
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final AtomicLong SERIALS = new AtomicLong();

    /**
     * How the channel ended: the cause given (null for a plain close) and whether it was
     * cancelled. Handed to waiters as the outcome of their operation.
     */
    record End(Throwable cause, boolean cancelled) {}

    /** A waiting send: a plain one (its promise) or one case of a waiting {@link Select}. */
    private record Sender<T>(T value, Promise<Object> sent, Select.Waiting select, int index) {
        /** Claims the sender's value; false for a select that already went another way. */
        boolean take() {
            return select == null ? sent.tryComplete(null) : select.fire(index, null);
        }

        void ended(End end) {
            if (select == null) {
                sent.tryComplete(end);
            } else {
                select.fire(index, end);
            }
        }
    }

    /** A waiting receive: a plain one (its promise) or one case of a waiting {@link Select}. */
    private record Receiver<T>(Promise<Object> received, Select.Waiting select, int index) {
        /** Hands {@code value} (or the End) over; false for a select that already went another way. */
        boolean deliver(Object value) {
            return select == null ? received.tryComplete(value) : select.fire(index, value);
        }
    }

    private final String name;
    private final int capacity;
    private final boolean dropOldest;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final ArrayDeque<Sender<T>> senders = new ArrayDeque<>();
    private final ArrayDeque<Receiver<T>> receivers = new ArrayDeque<>();
    /** Null while open. */
    private End end;
    /** Run once the channel has ended and holds nothing (see {@link #whenDrained}); null if none. */
    private List<Runnable> drainedListeners;
    /** Orders the locking of several channels by one select. */
    final long serial = SERIALS.incrementAndGet();

    private Chan(String name, int capacity, boolean dropOldest) {
        this.name = name;
        this.capacity = capacity;
        this.dropOldest = dropOldest;
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
        return new Chan<>(name, capacity, false);
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
        return new Chan<>(Objects.requireNonNull(name, "name"), Integer.MAX_VALUE, false);
    }

    /**
     * A channel holding at most {@code capacity} values where a send never waits: a send to a
     * full channel drops the oldest value held to make room (Kotlin's
     * {@code BufferOverflow.DROP_OLDEST}). The dropped value is received by nobody.
     *
     * @param <T> type of the values
     * @param capacity how many of the newest values the channel keeps, at least 1
     * @return a new open channel
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public static <T> Chan<T> dropOldest(int capacity) {
        return dropOldest("chan-" + IDS.incrementAndGet(), capacity);
    }

    /**
     * Same as {@link #dropOldest(int)}, with a name for errors.
     *
     * @param <T> type of the values
     * @param name the name used in errors
     * @param capacity how many of the newest values the channel keeps, at least 1
     * @return a new open channel
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public static <T> Chan<T> dropOldest(String name, int capacity) {
        Objects.requireNonNull(name, "name");
        if (capacity < 1) {
            throw new IllegalArgumentException("a drop-oldest channel keeps at least 1 value: " + capacity);
        }
        return new Chan<>(name, capacity, true);
    }

    /**
     * A channel that keeps only the latest value sent ({@code dropOldest(1)}): a send never waits
     * and replaces a value not yet received, so a receiver gets the newest state, never a backlog.
     *
     * @param <T> type of the values
     * @return a new open channel
     */
    public static <T> Chan<T> conflated() {
        return dropOldest(1);
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
        try {
            send(value, null, false);
        } catch (TimeoutException | InterruptedException e) {
            throw new AssertionError("neither a timeout nor interrupts were asked for", e);
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
        try {
            send(value, timeout, false);
        } catch (InterruptedException e) {
            throw new AssertionError("interrupts were not asked for", e);
        }
    }

    /**
     * Sends {@code value} if that needs no wait.
     *
     * @param value the value, not null
     * @return whether it was sent (always, unless a bounded channel is full)
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

    /**
     * Sends, waiting at most {@code timeout} (null: for ever); an interrupt ends the wait when
     * {@code interruptible}. For the {@link ChanQueue} view and the public forms.
     */
    void send(T value, Duration timeout, boolean interruptible) throws TimeoutException, InterruptedException {
        Objects.requireNonNull(value, "value");
        Sender<T> s;
        lock.lock();
        try {
            if (sendNow(value)) {
                return;
            }
            s = new Sender<>(value, Fut.promise(), null, -1);
            senders.add(s);
        } finally {
            lock.unlock();
        }
        Object outcome;
        try {
            outcome = awaitOutcome(s.sent(), timeout, interruptible);
        } catch (RuntimeException | TimeoutException | InterruptedException e) { // a switch, a timeout, an interrupt, a Lock held
            if (withdraw(senders, s)) {
                throw e;
            }
            outcome = settled(s.sent(), e); // taken meanwhile: it was sent, or the channel ended
        }
        if (outcome instanceof End e) {
            throw sendError(e);
        }
    }

    /** Under the lock: hands {@code value} to a waiting receiver or buffers it; false if full. */
    private boolean sendNow(T value) {
        if (end != null) {
            throw sendError(end);
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
        if (dropOldest) {
            buffer.poll();
            buffer.add(value);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Receives the next value, waiting while the channel is empty.
     *
     * @return the value
     * @throws ChannelClosedException once the channel is closed and empty (its cause is the one
     *     the channel was closed with, if any)
     * @throws SwitchOffException if the caller's switch turns off while it waits (nothing is taken)
     */
    public T receive() {
        return valueOrThrow(receiveOrEnd());
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
        try {
            return valueOrThrow(receive(timeout, false));
        } catch (InterruptedException e) {
            throw new AssertionError("interrupts were not asked for", e);
        }
    }

    /**
     * Receives the next value, waiting while the channel is empty; null at the end of a channel
     * closed with {@link #close()}.
     *
     * @return the value, or null at the end
     * @throws ChannelClosedException at the end of a channel closed with a cause or cancelled
     *     (the cause is its cause)
     * @throws SwitchOffException if the caller's switch turns off while it waits (nothing is taken)
     */
    public T receiveOrNull() {
        Object v = receiveOrEnd();
        if (v instanceof End e) {
            if (e.cause() == null) {
                return null;
            }
            throw receiveError(e);
        }
        @SuppressWarnings("unchecked") T t = (T) v;
        return t;
    }

    /**
     * Receives the next value, waiting while the channel is empty, and reports the end as a
     * value: {@link Received.Closed} with the cause the channel was closed with (null for none).
     *
     * @return the value received, or the end
     * @throws SwitchOffException if the caller's switch turns off while it waits (nothing is taken)
     */
    public Received<T> receiveCatching() {
        Object v = receiveOrEnd();
        if (v instanceof End e) {
            return new Received.Closed<>(e.cause());
        }
        @SuppressWarnings("unchecked") T t = (T) v;
        return new Received.Value<>(t);
    }

    /**
     * Receives the next value if that needs no wait.
     *
     * @return the value, or null if the channel holds none now (or has ended; see
     *     {@link #isClosedForReceive()})
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
        if (end != null) {
            fireDrained(); // no sender waits once ended: this may have been the last value
            return v;
        }
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

    private Object receiveOrEnd() {
        try {
            return receive(null, false);
        } catch (TimeoutException | InterruptedException e) {
            throw new AssertionError("neither a timeout nor interrupts were asked for", e);
        }
    }

    /**
     * The next value or the channel's {@link End}, waiting at most {@code timeout} (null: for
     * ever); an interrupt ends the wait when {@code interruptible}. For the {@link ChanQueue} view
     * and the public forms.
     */
    Object receive(Duration timeout, boolean interruptible) throws TimeoutException, InterruptedException {
        Receiver<T> r;
        lock.lock();
        try {
            T v = receiveNow();
            if (v != null) {
                return v;
            }
            if (end != null) {
                return end;
            }
            r = new Receiver<>(Fut.promise(), null, -1);
            receivers.add(r);
        } finally {
            lock.unlock();
        }
        try {
            return awaitOutcome(r.received(), timeout, interruptible);
        } catch (RuntimeException | TimeoutException | InterruptedException e) { // a switch, a timeout, an interrupt, a Lock held
            if (withdraw(receivers, r)) {
                throw e;
            }
            return settled(r.received(), e); // handed a value (or the end) meanwhile: it is ours
        }
    }

    /** The value of {@link #receive(Duration, boolean)}, or the end thrown. */
    T valueOrThrow(Object v) {
        if (v instanceof End e) {
            throw receiveError(e);
        }
        @SuppressWarnings("unchecked") T t = (T) v;
        return t;
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

    // ---------------------------------------------------------------- state

    /**
     * How many values the channel holds now (not counting senders waiting at a full or
     * rendezvous channel).
     *
     * @return the number of values buffered
     */
    public int size() {
        lock.lock();
        try {
            return buffer.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many values the channel can hold: 0 for a rendezvous, {@link Integer#MAX_VALUE} when
     * unbounded.
     *
     * @return the capacity given at creation
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Whether a receive now would find no value: nothing is buffered and no sender waits. (At a
     * rendezvous channel {@link #size()} is always 0, but a waiting sender makes it not empty.)
     *
     * @return true if a receive now would wait, or find the end
     */
    public boolean isEmpty() {
        return peek() == null;
    }

    /**
     * Whether the channel was closed or cancelled: a send now throws
     * {@link ChannelClosedException}. Values may still wait to be received.
     *
     * @return true once {@link #close()}, {@link #close(Throwable)} or {@link #cancel()} was called
     */
    public boolean isClosedForSend() {
        lock.lock();
        try {
            return end != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the channel has ended for receivers: it was closed and every value it held was
     * received (or it was cancelled), so a receive now gets the end.
     *
     * @return true once closed and drained
     */
    public boolean isClosedForReceive() {
        lock.lock();
        try {
            return end != null && buffer.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Same as {@link #isClosedForSend()}.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return isClosedForSend();
    }

    // ---------------------------------------------------------------- views

    /**
     * This channel seen as a {@link java.util.concurrent.BlockingQueue}, for code that expects
     * one: {@code put}/{@code take} are {@code send}/{@code receive} (so inside a Tidepool task they
     * suspend the task, not its worker), {@code offer}/{@code poll} are {@code trySend}/
     * {@code tryReceive}, the timed forms are the timed operations (false or null on timeout).
     * As in every {@code BlockingQueue} of the JDK, the waiting methods ({@code put}, {@code take}
     * and the timed {@code offer} and {@code poll}) throw {@link InterruptedException} when the
     * calling thread is interrupted on entry or while it waits, and then leave the channel as it
     * was; so an executor built over the view stops on {@code shutdownNow()}. {@code size} counts
     * the values buffered, {@code remainingCapacity} the room left ({@link Integer#MAX_VALUE} when
     * unbounded or drop-oldest), {@code peek} the value a receive would get now, and iteration
     * walks a snapshot of the buffer (its {@code remove} is unsupported). A closed channel makes
     * {@code put} and {@code offer} throw {@link ChannelClosedException}, {@code take} throw it
     * once drained, and {@code poll} return null once drained.
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

    /** How many more values the buffer takes now ({@link Integer#MAX_VALUE} when unbounded or drop-oldest). */
    int remainingCapacity() {
        if (capacity == Integer.MAX_VALUE || dropOldest) {
            return Integer.MAX_VALUE;
        }
        lock.lock();
        try {
            return capacity - buffer.size();
        } finally {
            lock.unlock();
        }
    }

    /** The buffered values, oldest first, copied. */
    List<T> snapshot() {
        lock.lock();
        try {
            return List.copyOf(buffer);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- for Select, under the lock

    ReentrantLock lock() {
        return lock;
    }

    /** Under the lock: a value, the {@link End} if ended and empty, or null if none now. */
    Object selectReceiveNow() {
        T v = receiveNow();
        return v != null ? v : end;
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

    /**
     * Runs {@code listener} once the channel has ended and holds no value (at once if it has),
     * for a {@link ChanPublisher} that waits for demand and must still signal the end. The
     * listener runs under the channel's lock, so it may only wake a waiter (complete a promise
     * nobody registered a callback on). Returns what removes it.
     */
    Runnable whenDrained(Runnable listener) {
        lock.lock();
        try {
            if (end == null || !buffer.isEmpty()) {
                if (drainedListeners == null) {
                    drainedListeners = new java.util.ArrayList<>(2);
                }
                drainedListeners.add(listener);
                return () -> {
                    lock.lock();
                    try {
                        if (drainedListeners != null) {
                            drainedListeners.remove(listener);
                        }
                    } finally {
                        lock.unlock();
                    }
                };
            }
        } finally {
            lock.unlock();
        }
        listener.run();
        return () -> {};
    }

    /** Under the lock: runs the drained listeners if the channel has ended and is empty. */
    private void fireDrained() {
        if (drainedListeners != null && end != null && buffer.isEmpty()) {
            List<Runnable> ls = drainedListeners;
            drainedListeners = null;
            for (Runnable l : ls) {
                l.run();
            }
        }
    }

    // ---------------------------------------------------------------- closing and the rest

    /**
     * Closes the channel: later sends, and the sends waiting now, throw
     * {@link ChannelClosedException}; receivers get what is buffered, then the end. Closing a
     * closed channel does nothing.
     *
     * @return whether this call closed the channel (false if it was closed or cancelled already)
     */
    public boolean close() {
        return end(new End(null, false), false) != null;
    }

    /**
     * Closes the channel with a failure: as {@link #close()}, but once receivers have drained
     * what is buffered, {@link #receive}, {@link #receiveOrNull} and iteration throw a
     * {@link ChannelClosedException} whose cause is {@code cause}, and {@link #receiveCatching}
     * returns it; senders get it as the cause too. Does nothing to a closed channel.
     *
     * @param cause why the stream of values ended, not null
     * @return whether this call closed the channel (false if it was closed or cancelled already)
     */
    public boolean close(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        return end(new End(cause, false), false) != null;
    }

    /**
     * Ends the channel at once: the values it holds are dropped and returned, and every waiting
     * and later send and receive throws {@link ChannelClosedException} whose cause is a
     * {@link CancellationException} ({@link #receiveCatching} returns it), including on a channel
     * that was closed but not yet drained. Senders waiting now keep their values (nothing was
     * sent). Cancelling twice does nothing the second time.
     *
     * @return the values that were buffered and will now be received by nobody, oldest first
     */
    public List<T> cancel() {
        return end(null, true);
    }

    /**
     * Under the lock: ends the channel with {@code how} (or, when {@code cancel}, a cancellation,
     * which also overrides a close and drops the buffer). Returns the dropped values for a
     * cancellation (empty if there was nothing to do), else an empty list if this call ended the
     * channel, null if it was ended already.
     */
    private List<T> end(End how, boolean cancel) {
        lock.lock();
        try {
            if (cancel) {
                if (end != null && end.cancelled()) {
                    return List.of();
                }
                CancellationException c = new CancellationException("channel '" + name + "' was cancelled");
                if (end != null && end.cause() != null) {
                    c.initCause(end.cause());
                }
                how = new End(c, true);
            } else if (end != null) {
                return null;
            }
            end = how;
            List<T> dropped = List.of();
            if (cancel) {
                dropped = List.copyOf(buffer);
                buffer.clear();
            }
            for (Sender<T> s; (s = senders.poll()) != null; ) {
                s.ended(how);
            }
            for (Receiver<T> r; (r = receivers.poll()) != null; ) {
                r.deliver(how); // only waiting when nothing was buffered
            }
            fireDrained();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The values received one by one, until the end of the channel: iteration stops after a
     * {@link #close()}, and {@code hasNext} throws {@link ChannelClosedException} after a
     * {@link #close(Throwable)} or a {@link #cancel()}, as {@link #receiveOrNull()} does. Each
     * value goes to exactly one receiver, whichever way it receives.
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
            String kind = capacity == Integer.MAX_VALUE ? "" : (dropOldest ? " of " + capacity + ", dropping the oldest" : " of " + capacity);
            return "Chan[" + name + ", " + buffer.size() + " buffered" + kind
                    + ", " + senders.size() + " senders and " + receivers.size() + " receivers waiting"
                    + (end == null ? "]" : ", " + (end.cancelled() ? "cancelled" : "closed") + "]");
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- errors

    ChannelClosedException sendError(End e) {
        return new ChannelClosedException("cannot send to channel '" + name + "': " + describe(e), e.cause());
    }

    ChannelClosedException receiveError(End e) {
        return new ChannelClosedException("cannot receive from channel '" + name + "': " + describe(e), e.cause());
    }

    private static String describe(End e) {
        return e.cancelled() ? "it was cancelled" : e.cause() == null ? "it is closed" : "it was closed with " + e.cause();
    }

    private static void checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
    }

    /** Waits for a waiter's promise, as the operation asks. */
    private static Object awaitOutcome(Promise<Object> p, Duration timeout, boolean interruptible)
            throws TimeoutException, InterruptedException {
        Fut<Object> f = p.fut();
        if (interruptible) {
            return timeout == null ? f.awaitInterruptibly() : f.awaitInterruptibly(timeout);
        }
        return timeout == null ? f.await() : f.await(timeout);
    }

    /**
     * The outcome of a waiter's promise settled under the lock before the waiter gave up with
     * {@code why}; an interrupt that lost the race is kept for the caller.
     */
    private static Object settled(Promise<Object> p, Exception why) {
        if (why instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return switch (p.fut().peek().orElseThrow()) {
            case Outcome.Success<Object>(Object v) -> v;
            case Outcome.Failure<Object>(Throwable t) -> throw new AssertionError("a waiter's promise never fails", t);
        };
    }
}
