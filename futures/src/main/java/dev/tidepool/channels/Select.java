package dev.tidepool.channels;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.switches.SwitchOffException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A wait on several channel operations at once, of which exactly one happens: receive from one
 * channel, or send to another, or give up after a timeout (Concurrent ML's {@code choose}, Go's
 * {@code select}). Built by {@link Chan#select()}:
 *
 * <pre>{@code
 * String what = Chan.<String>select()
 *         .onReceive(requests, r -> "request " + r)
 *         .onSend(results, 42, () -> "sent a result")
 *         .onTimeout(Duration.ofSeconds(1), () -> "idle")
 *         .await();
 * }</pre>
 *
 * <p>{@link #await()} runs the operation of the first case that can happen and then that case's
 * function, and returns what the function returns; every other case leaves its channel as it was
 * (no value taken, none sent). When several cases can happen at once, one of them is picked at
 * random, so that a busy channel does not starve the others. When none can, the select waits as
 * {@link Chan#send} and {@link Chan#receive} do: a Tidepool task is suspended, any other thread
 * blocks; {@link #orElse} makes it not wait at all. A task whose switch turns off while it waits
 * stops with {@link SwitchOffException}, and no case happens. The functions (of the case that
 * happened, {@code orElse}, {@code onTimeout}) run on the calling thread once the operation is
 * done, with no channel lock held: they may use the same channels and wait on other tasks.
 *
 * <p>The end of a channel is a case that can happen at once: an {@link #onReceive} case on a
 * channel closed with {@link Chan#close()} and drained happens with the value {@code null}, and
 * on one closed with a cause or cancelled throws {@link ChannelClosedException}, as
 * {@link Chan#receiveOrNull()} does; an {@link #onReceiveCatching} case gets
 * {@link Received.Closed} either way. A send case on a closed channel throws
 * {@code ChannelClosedException}, as {@code send} does.
 *
 * <p>A select is built once and may be awaited any number of times, a loop's turns for example:
 * each {@code await} is one select, with its own random start.
 *
 * <pre>{@code
 * Select<Boolean> next = Chan.<Boolean>select()
 *         .onReceiveCatching(jobs, r -> r instanceof Received.Value<Job>(Job j) && run(j))
 *         .onReceive(stop, s -> false);
 * while (next.await()) {
 *     // one job handled per turn, until jobs ends or a stop comes
 * }
 * }</pre>
 *
 * <p>Adding cases is not thread-safe; once built (and published safely), a select may be awaited
 * by several threads at once, each await being a select of its own.
 *
 * @param <R> type of what the cases' functions return
 */
public final class Select<R> {
    /*
     * Implementation overview (Go's select, with Tidepool futures for the wait). await() locks
     * every distinct channel of the cases, in the order of their serial numbers, so that two
     * selects on overlapping channels cannot deadlock, and with all of them held looks for a case
     * that can happen now, starting at a random case. If none can, it queues one waiter per case
     * in its channel (still under all the locks, so no other select sees half of it queued), then
     * unlocks and waits on one promise, `fired`, shared by those waiters. An operation of another
     * thread that finds such a waiter, under that channel's lock, claims the whole select by
     * completing `fired` (a CAS: exactly one case wins); if that fails the select went another
     * way, and the operation drops the waiter and looks at the next. A select that gives up
     * (timeout, switch) claims `fired` itself with CANCELLED; if it loses, a case happened and it
     * returns that case. Either way it then removes its other waiters, one channel lock at a time.
     * The channel lock held while a case is claimed orders the value's hand-over as in Chan. The
     * case's function (or orElse, or onTimeout) runs after every lock is released: under them, a
     * function that waits for a task using one of the channels would wait for ever.
     */
    private static final Fired CANCELLED = new Fired(-1, null);

    private enum Kind { SEND, RECEIVE, RECEIVE_CATCHING }

    private record Case(Chan<?> chan, Kind kind, Object value, Function<Object, ?> then) {}

    /** The case that happened: its index and the value received (or the channel's end, Chan.End). */
    record Fired(int index, Object value) {}

    /** The waiters of one waiting select share this: whoever completes {@code fired} first wins. */
    static final class Waiting {
        final Promise<Fired> fired = Fut.promise();

        boolean fire(int index, Object value) {
            return fired.tryComplete(new Fired(index, value));
        }

        /** The select gives up; false if a case happened first. */
        boolean cancel() {
            return fired.tryComplete(CANCELLED);
        }
    }

    private final List<Case> cases = new ArrayList<>();
    private Duration timeout;
    private Supplier<? extends R> onTimeout;
    private Supplier<? extends R> orElse;

    Select() {}

    /**
     * A case that receives a value from {@code chan}; {@code then} gets it, or null at the end of
     * a channel closed with {@link Chan#close()} (at the end of one closed with a cause, or
     * cancelled, the case throws {@link ChannelClosedException} instead, as
     * {@link Chan#receiveOrNull()} does).
     *
     * @param <V> type of the channel's values
     * @param chan the channel
     * @param then what to do with the value
     * @return this select
     */
    public <V> Select<R> onReceive(Chan<V> chan, Function<? super V, ? extends R> then) {
        Objects.requireNonNull(chan, "chan");
        Objects.requireNonNull(then, "then");
        @SuppressWarnings("unchecked") Function<Object, ?> f = (Function<Object, ?>) then;
        return add(new Case(chan, Kind.RECEIVE, null, f));
    }

    /**
     * A case that receives from {@code chan} and reports the end as a value: {@code then} gets
     * {@link Received.Value} or, once the channel is closed and drained, {@link Received.Closed}
     * with the cause it was closed with (Kotlin's {@code onReceiveCatching}).
     *
     * @param <V> type of the channel's values
     * @param chan the channel
     * @param then what to do with what was received
     * @return this select
     */
    public <V> Select<R> onReceiveCatching(Chan<V> chan, Function<? super Received<V>, ? extends R> then) {
        Objects.requireNonNull(chan, "chan");
        Objects.requireNonNull(then, "then");
        @SuppressWarnings("unchecked") Function<Object, ?> f = (Function<Object, ?>) (Function<?, ?>) then;
        return add(new Case(chan, Kind.RECEIVE_CATCHING, null, f));
    }

    /**
     * A case that sends {@code value} to {@code chan}; {@code then} runs once it is sent.
     *
     * @param <V> type of the channel's values
     * @param chan the channel
     * @param value the value, not null
     * @param then what to do once it is sent
     * @return this select
     */
    public <V> Select<R> onSend(Chan<V> chan, V value, Supplier<? extends R> then) {
        Objects.requireNonNull(chan, "chan");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(then, "then");
        return add(new Case(chan, Kind.SEND, value, ignored -> then.get()));
    }

    /**
     * A case that happens when no other did within {@code timeout}.
     *
     * @param timeout the longest wait, not negative
     * @param then what to do then
     * @return this select
     * @throws IllegalStateException if a timeout or {@link #orElse} was given already
     */
    public Select<R> onTimeout(Duration timeout, Supplier<? extends R> then) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(then, "then");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        if (this.onTimeout != null || orElse != null) {
            throw new IllegalStateException("a select takes one onTimeout or one orElse, not both or two");
        }
        this.timeout = timeout;
        this.onTimeout = then;
        return this;
    }

    /**
     * Makes the select not wait: when no case can happen at once, {@code then} runs instead.
     *
     * @param then what to do when no case can happen now
     * @return this select
     * @throws IllegalStateException if a timeout or {@code orElse} was given already
     */
    public Select<R> orElse(Supplier<? extends R> then) {
        Objects.requireNonNull(then, "then");
        if (onTimeout != null || orElse != null) {
            throw new IllegalStateException("a select takes one onTimeout or one orElse, not both or two");
        }
        this.orElse = then;
        return this;
    }

    /**
     * Runs exactly one case (see the class comment), waiting if none can happen now. May be
     * called again, for the next select of a loop.
     *
     * @return what the function of the case that happened returned
     * @throws ChannelClosedException if the case that happened is a send to a closed channel, or
     *     an {@link #onReceive} at the end of a channel closed with a cause
     * @throws SwitchOffException if the caller's switch turned off while it waited (no case happened)
     * @throws IllegalArgumentException if the select has no case, no timeout and no orElse
     */
    public R await() {
        if (cases.isEmpty() && onTimeout == null && orElse == null) {
            throw new IllegalArgumentException("a select with no case, no onTimeout and no orElse would wait for ever");
        }
        List<Chan<?>> chans = lockOrder();
        Fired now;
        Waiting waiting = null;
        for (Chan<?> c : chans) {
            c.lock().lock();
        }
        try {
            now = fireNow();
            if (now == null && orElse == null) {
                waiting = new Waiting();
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get(i);
                    if (c.kind == Kind.SEND) {
                        c.chan.selectWaitSend(waiting, i, c.value);
                    } else {
                        c.chan.selectWaitReceive(waiting, i);
                    }
                }
            }
        } finally {
            for (int i = chans.size() - 1; i >= 0; i--) {
                chans.get(i).lock().unlock();
            }
        }
        // The case's function, or orElse, runs with no channel lock held.
        if (now != null) {
            return finish(now);
        }
        if (waiting == null) {
            return orElse.get();
        }
        Fired fired;
        try {
            fired = timeout == null ? waiting.fired.fut().await() : waiting.fired.fut().await(timeout);
        } catch (TimeoutException | RuntimeException stopped) { // a timeout, a switch, a Lock held
            if (waiting.cancel()) {
                withdraw(chans, waiting);
                if (stopped instanceof TimeoutException) {
                    return onTimeout.get();
                }
                throw (RuntimeException) stopped;
            }
            fired = waiting.fired.fut().await(); // a case happened meanwhile: settled already
        }
        withdraw(chans, waiting);
        return finish(fired);
    }

    /** Under every lock: the first case that can happen now, from a random start, or null. */
    private Fired fireNow() {
        int n = cases.size();
        int start = n == 0 ? 0 : ThreadLocalRandom.current().nextInt(n);
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            Case c = cases.get(i);
            if (c.kind == Kind.SEND) {
                if (c.chan.selectSendNow(c.value)) {
                    return new Fired(i, null);
                }
            } else {
                Object v = c.chan.selectReceiveNow();
                if (v != null) {
                    return new Fired(i, v);
                }
            }
        }
        return null;
    }

    /** The case's function on what the case got; the end of a channel as the case's kind reports it. */
    private R finish(Fired f) {
        Case c = cases.get(f.index);
        Object arg = f.value;
        if (arg instanceof Chan.End end) {
            arg = switch (c.kind) {
                case SEND -> throw c.chan.sendError(end);
                case RECEIVE -> {
                    if (end.cause() != null) {
                        throw c.chan.receiveError(end);
                    }
                    yield null;
                }
                case RECEIVE_CATCHING -> new Received.Closed<>(end.cause());
            };
        } else if (c.kind == Kind.RECEIVE_CATCHING) {
            arg = new Received.Value<>(arg);
        }
        @SuppressWarnings("unchecked") R r = (R) c.then.apply(arg);
        return r;
    }

    private static void withdraw(List<Chan<?>> chans, Waiting waiting) {
        for (Chan<?> c : chans) {
            c.withdraw(waiting);
        }
    }

    private List<Chan<?>> lockOrder() {
        List<Chan<?>> chans = new ArrayList<>();
        for (Case c : cases) {
            if (!chans.contains(c.chan)) {
                chans.add(c.chan);
            }
        }
        chans.sort(Comparator.comparingLong(c -> c.serial));
        return chans;
    }

    private Select<R> add(Case c) {
        cases.add(c);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Select[");
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            b.append(i == 0 ? "" : ", ").append(c.kind == Kind.SEND ? "send to " : "receive from ").append(c.chan.name());
        }
        if (onTimeout != null) {
            b.append(cases.isEmpty() ? "" : ", ").append("timeout ").append(timeout);
        }
        if (orElse != null) {
            b.append(cases.isEmpty() ? "" : ", ").append("or else");
        }
        return b.append(']').toString();
    }
}
