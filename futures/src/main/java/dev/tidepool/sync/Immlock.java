package dev.tidepool.sync;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

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
public final class Immlock<T> extends LockedValue<T> {
    private static final AtomicInteger IDS = new AtomicInteger();

    private volatile T value;

    private Immlock(String name, T value) {
        super("Immlock", name);
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

    @Override
    T value() {
        return value;
    }

    @Override
    void store(T v) {
        value = v;
    }
}
