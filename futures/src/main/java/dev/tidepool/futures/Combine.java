package dev.tidepool.futures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The combinators behind {@link Fut}'s static and chaining methods. Each reacts to a settled future
 * in the {@link Firing} loop that runs its callback and settles its result into the same loop, so
 * a chain of any length settles without recursion and without a thread-local lookup.
 */
final class Combine {
    private Combine() {}

    /** What a combinator does with a settled value or failure, given the loop it runs in. */
    @FunctionalInterface
    private interface Step<X> {
        void run(X x, Firing loop);
    }

    /**
     * Runs {@code step} inline in {@code loop} when {@code on} is null, else as a task on
     * {@code on} (where it is not inside any loop).
     */
    private static <X> void dispatch(Executor on, Fut<?> result, Step<X> step, X x, Firing loop, Carried carried) {
        if (on == null) {
            if (Carried.needed(carried)) {
                Carried.run(carried, () -> step.run(x, loop));
            } else {
                try {
                    step.run(x, loop);
                } finally {
                    TaskContext.endDirect(); // a first set in the step stays in it
                }
            }
            return;
        }
        try {
            on.execute(() -> Carried.run(carried, () -> step.run(x, null)));
        } catch (Throwable rejected) {
            result.failIn(rejected, loop);
        }
    }

    /**
     * When {@code src} settles: a failure settles {@code out} at once (unless {@code onFailure} is
     * given, which then runs instead); a value runs {@code onValue}, inline or on {@code on}.
     */
    private static <T, R> Fut<R> chain(Fut<T> src, Executor on, Fut<R> out, Step<T> onValue, Step<Throwable> onFailure) {
        Carried carried = Carried.capture();
        src.whenSettledIn((f, loop) -> {
            Throwable e = Fut.failureOf(f.settledState());
            if (e != null && onFailure == null) {
                out.failIn(e, loop);
            } else if (e != null) {
                dispatch(on, out, onFailure, e, loop, carried);
            } else {
                dispatch(on, out, onValue, f.await(), loop, carried);
            }
        });
        return out;
    }

    static <T, R> Fut<R> map(Fut<T> src, Executor on, Function<? super T, ? extends R> fn) {
        Objects.requireNonNull(fn, "fn");
        Fut<R> out = new Fut<>();
        return chain(src, on, out, (v, loop) -> {
            R r;
            try {
                r = fn.apply(v);
            } catch (Throwable t) {
                out.failIn(t, loop);
                return;
            }
            out.succeedIn(r, loop);
        }, null);
    }

    static <T, R> Fut<R> flatMap(Fut<T> src, Executor on, Function<? super T, Fut<R>> fn) {
        Objects.requireNonNull(fn, "fn");
        Fut<R> out = new Fut<>();
        return chain(src, on, out, (v, loop) -> {
            Fut<R> next;
            try {
                next = Objects.requireNonNull(fn.apply(v), "flatMap function returned null");
            } catch (Throwable t) {
                out.failIn(t, loop);
                return;
            }
            relay(next, out, loop);
        }, null);
    }

    static <T> Fut<T> recover(Fut<T> src, Executor on, Function<? super Throwable, ? extends T> fn) {
        Objects.requireNonNull(fn, "fn");
        Fut<T> out = new Fut<>();
        Carried carried = Carried.capture();
        return chain(src, null, out, out::succeedIn, (e, outer) -> dispatch(on, out, (err, loop) -> {
            T r;
            try {
                r = fn.apply(err);
            } catch (Throwable t) {
                out.failIn(t, loop);
                return;
            }
            out.succeedIn(r, loop);
        }, e, outer, carried));
    }

    /**
     * Settles {@code to} like {@code from}: in the loop that runs {@code from}'s callbacks, or in
     * {@code loop} at once if {@code from} has settled already.
     */
    private static <T> void relay(Fut<T> from, Fut<T> to, Firing loop) {
        Object s = from.settledStateOrNull();
        if (s != null) {
            settleLike(to, s, from, loop);
            return;
        }
        from.whenSettledIn((f, inner) -> settleLike(to, f.settledState(), f, inner));
    }

    private static <T> void settleLike(Fut<T> to, Object state, Fut<T> from, Firing loop) {
        Throwable e = Fut.failureOf(state);
        if (e != null) {
            to.failIn(e, loop);
        } else {
            to.succeedIn(from.await(), loop);
        }
    }

    static <A, B> Fut<Both<A, B>> both(Fut<A> a, Fut<B> b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Fut<List<Object>> pair = all(List.of(a, b));
        return map(pair, null, l -> {
            @SuppressWarnings("unchecked") A left = (A) l.get(0);
            @SuppressWarnings("unchecked") B right = (B) l.get(1);
            return new Both<>(left, right);
        });
    }

    static <T> Fut<List<T>> all(List<? extends Fut<? extends T>> futs) {
        Objects.requireNonNull(futs, "futs");
        List<Fut<? extends T>> copy = new ArrayList<>(futs.size());
        for (Fut<? extends T> f : futs) {
            copy.add(Objects.requireNonNull(f, "futs contains null"));
        }
        Fut<List<T>> out = new Fut<>();
        int n = copy.size();
        if (n == 0) {
            out.succeedIn(List.of(), null);
            return out;
        }
        Object[] values = new Object[n];
        AtomicInteger left = new AtomicInteger(n);
        for (int i = 0; i < n; i++) {
            int idx = i;
            Fut<? extends T> f = copy.get(i);
            f.whenSettledIn((done, loop) -> {
                Object s = done.settledState();
                Throwable e = Fut.failureOf(s);
                if (e != null) {
                    out.failIn(e, loop);
                    return;
                }
                values[idx] = done.await();
                // The decrement publishes values[idx] to whoever reaches zero.
                if (left.decrementAndGet() == 0) {
                    @SuppressWarnings("unchecked") List<T> list = (List<T>) Arrays.asList(values);
                    out.succeedIn(Collections.unmodifiableList(list), loop);
                }
            });
        }
        return out;
    }

    static Fut<Void> allOf(Collection<? extends Fut<?>> futs) {
        Objects.requireNonNull(futs, "futs");
        return map(all(List.copyOf(futs)), null, ignored -> null);
    }

    static <T> Fut<T> any(List<? extends Fut<? extends T>> futs) {
        Objects.requireNonNull(futs, "futs");
        if (futs.isEmpty()) {
            throw new IllegalArgumentException("any() needs at least one future");
        }
        Fut<T> out = new Fut<>();
        for (Fut<? extends T> f : List.copyOf(futs)) {
            f.whenSettledIn((done, loop) -> {
                Throwable e = Fut.failureOf(done.settledState());
                if (e != null) {
                    out.failIn(e, loop);
                } else {
                    out.succeedIn(done.await(), loop);
                }
            });
        }
        return out;
    }

    static Fut<Void> forRange(Executor on, int n, IntConsumer body) {
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(body, "body");
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        List<Fut<Object>> parts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int idx = i;
            parts.add(Fut.spawn(on, () -> {
                body.accept(idx);
                return null;
            }));
        }
        return allOf(parts);
    }
}
