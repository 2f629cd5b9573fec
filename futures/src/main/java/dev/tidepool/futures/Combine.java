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

/** The combinators behind {@link Fut}'s static and chaining methods. */
final class Combine {
    private Combine() {}

    /** Runs {@code step} inline when {@code on} is null, else as a task on {@code on}. */
    private static void dispatch(Executor on, Fut<?> result, Runnable step) {
        if (on == null) {
            step.run();
            return;
        }
        try {
            on.execute(step);
        } catch (Throwable rejected) {
            result.tryFailWith(rejected);
        }
    }

    /**
     * When {@code src} settles: a failure settles {@code out} at once (unless {@code onFailure} is
     * given, which then runs instead); a value runs {@code onValue}, inline or on {@code on}.
     */
    private static <T, R> Fut<R> chain(Fut<T> src, Executor on, Fut<R> out,
            java.util.function.Consumer<T> onValue, java.util.function.Consumer<Throwable> onFailure) {
        src.whenSettled(f -> {
            Throwable e = Fut.failureOf(f.settledState());
            if (e != null && onFailure == null) {
                out.tryFailWith(e);
            } else if (e != null) {
                dispatch(on, out, () -> onFailure.accept(e));
            } else {
                dispatch(on, out, () -> onValue.accept(f.await()));
            }
        });
        return out;
    }

    static <T, R> Fut<R> map(Fut<T> src, Executor on, Function<? super T, ? extends R> fn) {
        Objects.requireNonNull(fn, "fn");
        Fut<R> out = new Fut<>();
        return chain(src, on, out, v -> {
            R r;
            try {
                r = fn.apply(v);
            } catch (Throwable t) {
                out.tryFailWith(t);
                return;
            }
            out.trySucceed(r); // outside the try: an error from out's callbacks is not fn's failure
        }, null);
    }

    static <T, R> Fut<R> flatMap(Fut<T> src, Executor on, Function<? super T, Fut<R>> fn) {
        Objects.requireNonNull(fn, "fn");
        Fut<R> out = new Fut<>();
        return chain(src, on, out, v -> {
            Fut<R> next;
            try {
                next = Objects.requireNonNull(fn.apply(v), "flatMap function returned null");
            } catch (Throwable t) {
                out.tryFailWith(t);
                return;
            }
            relay(next, out);
        }, null);
    }

    static <T> Fut<T> recover(Fut<T> src, Executor on, Function<? super Throwable, ? extends T> fn) {
        Objects.requireNonNull(fn, "fn");
        Fut<T> out = new Fut<>();
        return chain(src, null, out, out::trySucceed, e -> {
            Runnable step = () -> {
                T r;
                try {
                    r = fn.apply(e);
                } catch (Throwable t) {
                    out.tryFailWith(t);
                    return;
                }
                out.trySucceed(r);
            };
            dispatch(on, out, step);
        });
    }

    /** Settles {@code to} like {@code from}. */
    static <T> void relay(Fut<T> from, Fut<T> to) {
        from.whenSettled(f -> {
            Throwable e = Fut.failureOf(f.settledState());
            if (e != null) {
                to.tryFailWith(e);
            } else {
                to.trySucceed(f.await());
            }
        });
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
            out.trySucceed(List.of());
            return out;
        }
        Object[] values = new Object[n];
        AtomicInteger left = new AtomicInteger(n);
        for (int i = 0; i < n; i++) {
            int idx = i;
            Fut<? extends T> f = copy.get(i);
            f.whenSettled(done -> {
                Object s = done.settledState();
                Throwable e = Fut.failureOf(s);
                if (e != null) {
                    out.tryFailWith(e);
                    return;
                }
                values[idx] = done.await();
                // The decrement publishes values[idx] to whoever reaches zero.
                if (left.decrementAndGet() == 0) {
                    @SuppressWarnings("unchecked") List<T> list = (List<T>) Arrays.asList(values);
                    out.trySucceed(Collections.unmodifiableList(list));
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
            f.whenSettled(done -> {
                Throwable e = Fut.failureOf(done.settledState());
                if (e != null) {
                    out.tryFailWith(e);
                } else {
                    out.trySucceed(done.await());
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
