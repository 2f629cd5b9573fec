package dev.tidepool.sync;

import dev.tidepool.futures.Both;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A reference to an immutable value: {@link #get()} is one volatile read and never blocks, while
 * {@link #update} and {@link #updateMap} run one at a time under a lock and publish the new value
 * with a volatile write. A reader sees either the value before an update or the one after it,
 * never anything in between, provided the values themselves are immutable.
 *
 * <p>Memory consistency: an update happens-before every {@code get} that returns its value, and
 * before the next update.
 *
 * @param <T> type of the (immutable) value
 */
public final class Immlock<T> {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Mutex writers;
    private volatile T value;

    private Immlock(String name, T value) {
        this.writers = new Mutex("Immlock", name);
        this.value = value;
    }

    /**
     * An immlock holding {@code value}, with a generated name.
     *
     * @param <T> type of the value
     * @param value the first value
     * @return a new immlock
     */
    public static <T> Immlock<T> create(T value) {
        return new Immlock<>("immlock-" + IDS.incrementAndGet(), value);
    }

    /**
     * An immlock holding {@code value}, named in traces and errors.
     *
     * @param <T> type of the value
     * @param name the name used in traces and errors
     * @param value the first value
     * @return a new immlock
     */
    public static <T> Immlock<T> create(String name, T value) {
        return new Immlock<>(Objects.requireNonNull(name, "name"), value);
    }

    /**
     * The current value: one volatile read, never blocks.
     *
     * @return the value of the latest update
     */
    public T get() {
        return value;
    }

    /**
     * Replaces the value with {@code newValue}, after any update in progress.
     *
     * @param newValue the new value
     */
    public void set(T newValue) {
        update(v -> newValue);
    }

    /**
     * Replaces the value with {@code f(value)}; writers run one at a time, readers never wait.
     *
     * @param f gives the new value from the current one; it runs under the lock, so keep it short
     */
    public void update(UnaryOperator<T> f) {
        Objects.requireNonNull(f, "f");
        Object token = writers.enter();
        try {
            value = f.apply(value);
        } finally {
            writers.exit(token);
        }
    }

    /**
     * Like {@link #update}, with {@code f} returning the new value and a result to return.
     *
     * @param <R> type of the result
     * @param f gives the new value and the result from the current value; it runs under the lock
     * @return the result {@code f} gave
     */
    public <R> R updateMap(Function<? super T, Both<T, R>> f) {
        Objects.requireNonNull(f, "f");
        Object token = writers.enter();
        try {
            Both<T, R> r = Objects.requireNonNull(f.apply(value), "updateMap function returned null");
            value = r.left();
            return r.right();
        } finally {
            writers.exit(token);
        }
    }

    @Override
    public String toString() {
        return writers.toString();
    }
}
