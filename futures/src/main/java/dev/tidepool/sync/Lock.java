package dev.tidepool.sync;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A value that is only read or changed under a lock. A task that finds the lock taken is suspended
 * (its worker keeps running other tasks) instead of blocking a core. The lock is reentrant.
 *
 * <p>Awaiting a pending future while holding a {@code Lock} throws {@link IllegalStateException}
 * naming the lock: the task that would complete the future may need the same lock. The check comes
 * first, so the awaited task never runs inside the critical section. Fork-join
 * ({@code dev.tidepool.forkjoin.ForkJoin}) inside a critical section is refused the same way,
 * every time: its parts may run on other workers, outside the lock.
 *
 * <p>Memory consistency: everything done inside one critical section ({@code withLock},
 * {@code update}, ...) happens-before the next critical section on the same lock.
 *
 * @param <T> type of the value
 */
public final class Lock<T> extends LockedValue<T> {
    private static final AtomicInteger IDS = new AtomicInteger();

    /** Read and written inside critical sections only. */
    private T value;

    private Lock(String name, T value) {
        super("Lock", name);
        this.value = value;
    }

    /**
     * A lock around {@code value} with a generated name.
     *
     * @param <T> type of the protected value
     * @param value the protected value
     * @return a new lock
     */
    public static <T> Lock<T> create(T value) {
        return new Lock<>("lock-" + IDS.incrementAndGet(), value);
    }

    /**
     * A lock around {@code value}, named in traces and errors.
     *
     * @param <T> type of the protected value
     * @param name the name used in traces and errors
     * @param value the protected value
     * @return a new lock
     */
    public static <T> Lock<T> create(String name, T value) {
        return new Lock<>(Objects.requireNonNull(name, "name"), value);
    }

    /**
     * Runs {@code f} on the value under the lock and returns its result.
     *
     * @param <R> type of the result
     * @param f reads or changes the value; it must not let the value escape the lock
     * @return what {@code f} returned
     */
    public <R> R withLock(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        Object token = mutex.enter();
        try {
            return f.apply(value);
        } finally {
            mutex.exit(token);
        }
    }

    /**
     * The value, read under the lock.
     *
     * @return the value
     */
    public T get() {
        return withLock(v -> v);
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
