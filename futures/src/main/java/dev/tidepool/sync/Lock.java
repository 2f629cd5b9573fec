package dev.tidepool.sync;

import dev.tidepool.futures.Both;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A value that is only read or changed under a lock. A task that finds the lock taken is suspended
 * (its worker keeps running other tasks) instead of blocking a core. The lock is reentrant.
 *
 * <p>Awaiting a pending future while holding a {@code Lock} throws {@link IllegalStateException}
 * naming the lock: the task that would complete the future may need the same lock.
 *
 * <p>Memory consistency: everything done inside one critical section ({@code withLock},
 * {@code update}, ...) happens-before the next critical section on the same lock.
 *
 * @param <T> type of the value
 */
public final class Lock<T> {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Mutex mutex;
    private T value;

    private Lock(String name, T value) {
        this.mutex = new Mutex("Lock", name);
        this.value = value;
    }

    /** A lock around {@code value} with a generated name. */
    public static <T> Lock<T> create(T value) {
        return new Lock<>("lock-" + IDS.incrementAndGet(), value);
    }

    /** A lock around {@code value}, named in traces and errors. */
    public static <T> Lock<T> create(String name, T value) {
        return new Lock<>(Objects.requireNonNull(name, "name"), value);
    }

    /** Runs {@code f} on the value under the lock and returns its result. */
    public <R> R withLock(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        Object token = mutex.enter();
        try {
            return f.apply(value);
        } finally {
            mutex.exit(token);
        }
    }

    /** Replaces the value with {@code f(value)} under the lock. */
    public void update(UnaryOperator<T> f) {
        Objects.requireNonNull(f, "f");
        Object token = mutex.enter();
        try {
            value = f.apply(value);
        } finally {
            mutex.exit(token);
        }
    }

    /** Under the lock, replaces the value with {@code f(value).left()} and returns its {@code right()}. */
    public <R> R updateMap(Function<? super T, Both<T, R>> f) {
        Objects.requireNonNull(f, "f");
        Object token = mutex.enter();
        try {
            Both<T, R> r = Objects.requireNonNull(f.apply(value), "updateMap function returned null");
            value = r.left();
            return r.right();
        } finally {
            mutex.exit(token);
        }
    }

    /** The value, read under the lock. */
    public T get() {
        return withLock(v -> v);
    }

    /** Sets the value under the lock. */
    public void set(T newValue) {
        update(v -> newValue);
    }

    @Override
    public String toString() {
        return mutex.toString();
    }
}
