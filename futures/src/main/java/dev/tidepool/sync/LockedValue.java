package dev.tidepool.sync;

import dev.tidepool.futures.Both;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What {@link Lock} and {@link Immlock} share: a value replaced only inside a critical section of
 * a {@link Mutex}. A subclass says how the value is stored: {@link Lock} in a plain field read
 * under the mutex, {@link Immlock} in a volatile field that readers read without it.
 *
 * @param <T> type of the value
 */
abstract class LockedValue<T> {
    final Mutex mutex;

    LockedValue(String kind, String name) {
        this.mutex = new Mutex(kind, name);
    }

    /** The value; called inside a critical section. */
    abstract T value();

    /** Stores {@code v}; called inside a critical section. */
    abstract void store(T v);

    /**
     * Replaces the value with {@code f(value)} inside a critical section; updates run one at a
     * time.
     *
     * @param f gives the new value from the current one; it runs under the lock, so keep it short
     */
    public void update(UnaryOperator<T> f) {
        Objects.requireNonNull(f, "f");
        Object token = mutex.enter();
        try {
            store(f.apply(value()));
        } finally {
            mutex.exit(token);
        }
    }

    /**
     * Inside a critical section, replaces the value with {@code f(value).left()} and returns its
     * {@code right()}.
     *
     * @param <R> type of the result
     * @param f gives the new value and the result from the current one; it runs under the lock
     * @return the result {@code f} gave
     */
    public <R> R updateMap(Function<? super T, Both<T, R>> f) {
        Objects.requireNonNull(f, "f");
        Object token = mutex.enter();
        try {
            Both<T, R> r = Objects.requireNonNull(f.apply(value()), "updateMap function returned null");
            store(r.left());
            return r.right();
        } finally {
            mutex.exit(token);
        }
    }

    /**
     * Replaces the value with {@code newValue}, after any update in progress.
     *
     * @param newValue the new value
     */
    public void set(T newValue) {
        update(v -> newValue);
    }

    @Override
    public String toString() {
        return mutex.toString();
    }
}
