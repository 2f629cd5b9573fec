package dev.tidepool.forkjoin;

import dev.tidepool.futures.Both;
import dev.tidepool.futures.TaskContext;
import dev.tidepool.futures.spi.Rethrow;
import dev.tidepool.futures.spi.Suspension;
import dev.tidepool.runners.spi.WorkerQueue;
import dev.tidepool.switches.Switch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Fork-join for tasks running on a Tidepool runner: split work in two, or over an index range, and
 * let idle workers steal the halves.
 *
 * <p>Every method is <em>work-first</em>: it queues the second half on the calling worker, runs the
 * first half itself, then takes the second half back and runs it inline unless another worker stole
 * it meanwhile; only a stolen half is waited for, and that wait suspends the task without holding
 * its core. Calls nest (a part may fork again) on any pool kind; a part run inline adds to the
 * caller's stack as plain recursion would, and a stolen one starts on the thief's.
 *
 * <p>Failures: the first failure stops the parts that have not started yet and is re-thrown to the
 * caller as it was thrown (same object, same stack; a checked exception arrives wrapped in a
 * {@link java.util.concurrent.CompletionException}); failures of parts that were already running are
 * attached to it as suppressed exceptions. No method returns before every part it started has
 * finished.
 *
 * <p>Cancellation: parts run with the caller's {@link Switch#current()}. Once that switch is off,
 * no new part or chunk starts, and the method throws {@link dev.tidepool.switches.SwitchOffException}
 * once the parts already running have finished (it waits for them whatever the switch does).
 *
 * <p>Sharing the cores: every call of {@code both} (so every fork, and every fork inside a half run
 * inline) and every range chunk is a preemption point, where a task gives its core up if another
 * pool on the same budget is owed time; it costs one read when nobody is.
 *
 * <p>What a chunk means: the most indexes one call of {@code body} is given, never a promise of
 * one call per chunk. {@code body} may be called on smaller consecutive pieces of a chunk
 * (combined in index order) of about {@value Pieces#TARGET_MICROS} µs of work each, so that a chunk
 * of many milliseconds does not hold a core hostage. The piece size follows the body's measured
 * cost, per call against per index: pieces grow back to whole chunks when a chunk takes less than
 * a piece, and a body whose calls cost much more than its indexes (set-up, a buffer, a handle) is
 * cut only where the cost per call stays under a quarter of a piece's time, so a body that costs
 * 15 ms a call whatever its range runs its chunks whole (after at most 4 more calls per worker
 * to learn it). A long loop of one index can call {@link dev.tidepool.runners.Runner#yieldNow()}.
 *
 * <p>Locks: every method throws {@link IllegalStateException} naming the lock when called while
 * holding a {@link dev.tidepool.sync.Lock} or inside an {@link dev.tidepool.sync.Immlock} update,
 * before any part starts: parts may run on other workers, which the critical section does not
 * cover, and a part that took the same lock would wait for ever when stolen but re-enter it when
 * run inline. Compute outside the lock and publish the result under it.
 *
 * <p>Memory consistency: everything a part does happens-before the method that ran it returns.
 */
public final class ForkJoin {
    /*
     * Implementation overview: `both` queues a ForkTask for b with WorkerQueue.push (the worker's
     * own deque in a WsPool, the shared queue in a FifoPool), runs a, then ForkTask.join takes b
     * back (unpush + claim) or waits for the thief. The range operations split [lo, hi) in halves
     * recursively down to the chunk size, so a thief takes half of what is left, and share one
     * Group that records failures and stops new chunks once one failed.
     */
    private ForkJoin() {}

    /**
     * Runs {@code a} and {@code b}, possibly in parallel, and returns both results.
     *
      * @param <A> type of the first result
      * @param <B> type of the second result
      * @param a the part run by the calling task
      * @param b the part offered to other workers, or run after {@code a}
      * @return both results
     * @throws IllegalStateException when not called from a task on a runner
     */
    public static <A, B> Both<A, B> both(Callable<? extends A> a, Callable<? extends B> b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        WorkerQueue q = worker("both");
        q.yieldPoint(); // a fork is a preemption point
        Switch sw = Switch.currentOrNull();
        TaskContext context = TaskContext.captureIfAny();
        ForkTask<B> right = new ForkTask<>(b, sw, context);
        q.push(right);
        A left;
        try {
            if (TaskContext.needed(context)) {
                left = TaskContext.callIn(context, a);
            } else {
                try {
                    left = a.call(); // called here, not through callDirect: no frame between the fork and its work
                } finally {
                    TaskContext.endDirect();
                }
            }
        } catch (Throwable e) {
            right.cancelAfter(q, e, true);
            throw Rethrow.unchecked(e);
        }
        B r;
        try {
            r = right.join(q);
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
        if (sw != null) {
            sw.check();
        }
        return new Both<>(left, r);
    }

    /**
     * Runs {@code a} and {@code b}, possibly in parallel.
     *
     * @param a the part run by the calling task
     * @param b the part offered to other workers, or run after {@code a}
     */
    public static void bothIgnore(Runnable a, Runnable b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        both(() -> {
            a.run();
            return null;
        }, () -> {
            b.run();
            return null;
        });
    }

    /**
     * {@link #forRange(int, int, RangeBody)} with chunks of about n / (8 × workers).
     *
     * @param n the size of the range {@code [0, n)}
     * @param body called with each chunk {@code [lo, hi)}
     */
    public static void forRange(int n, RangeBody body) {
        checkN(n);
        Objects.requireNonNull(body, "body");
        if (n == 0) {
            return;
        }
        forRange(n, defaultChunk(n, worker("forRange")), body);
    }

    /**
     * Runs {@code body} over [0, n) cut into half-open chunks of at most {@code chunkSize} indexes,
     * possibly in parallel. {@code n = 0} does nothing. A chunk is an upper bound: the body may be
     * called on smaller consecutive pieces of one chunk, so that a long chunk gives its core up
     * now and then, where pieces cost less than they save (see "What a chunk means" above and
     * docs/design/sharing-cores.md, "Long loops"). Every call of {@code body} starts with the
     * caller's {@link dev.tidepool.futures.TaskLocal} values; what one call sets, no other call
     * and not the caller sees.
     *
      * @param n the size of the range {@code [0, n)}
      * @param chunkSize the largest chunk given to one call of {@code body}
      * @param body called with each chunk {@code [lo, hi)}
     * @throws IllegalArgumentException if {@code n < 0} or {@code chunkSize < 1}
     */
    public static void forRange(int n, int chunkSize, RangeBody body) {
        Objects.requireNonNull(body, "body");
        reduce(n, chunkSize, null, (lo, hi) -> {
            body.run(lo, hi);
            return null;
        }, (x, y) -> null);
    }

    /**
     * Combines the results of {@code body} over chunks of [0, n) with {@code combine}, which must be
     * associative; chunks are combined in index order. Returns {@code identity} when {@code n = 0}.
     * As in {@link #forRange(int, int, RangeBody)}, a chunk may be computed as several calls of
     * {@code body} on consecutive pieces, combined in order, and each call starts with the
     * caller's task-local values.
     *
      * @param <T> type of the result
      * @param n the size of the range {@code [0, n)}
      * @param chunkSize the largest chunk given to one call of {@code body}
      * @param identity the result of an empty range, and of a chunk skipped after a failure
      * @param body the result of one chunk {@code [lo, hi)}
      * @param combine joins the results of two adjacent parts, left first; it must be associative
      * @return the combined result of every chunk
     * @throws IllegalArgumentException if {@code n < 0} or {@code chunkSize < 1}
     */
    public static <T> T reduce(int n, int chunkSize, T identity, RangeFunction<? extends T> body,
            BinaryOperator<T> combine) {
        checkN(n);
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1: " + chunkSize);
        }
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(combine, "combine");
        if (n == 0) {
            return identity;
        }
        WorkerQueue q = worker("reduce");
        Group g = new Group(Switch.currentOrNull(), TaskContext.captureIfAny());
        T result;
        try {
            result = split(q, g, 0, n, chunkSize, identity, body, combine);
        } catch (Throwable e) {
            throw g.finish(e);
        }
        g.checkSwitch();
        return result;
    }

    /**
     * Calls every task, possibly in parallel, and returns their results in order.
     *
     * @param <T> type of the results
     * @param tasks the tasks to call
     * @return their results, in the order of {@code tasks}
     */
    public static <T> List<T> all(List<? extends Callable<? extends T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        List<Callable<? extends T>> copy = new ArrayList<>(tasks.size());
        for (Callable<? extends T> t : tasks) {
            copy.add(Objects.requireNonNull(t, "tasks contains null"));
        }
        Object[] out = new Object[copy.size()];
        forRange(copy.size(), 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                try {
                    out[i] = copy.get(i).call();
                } catch (Exception e) {
                    throw Rethrow.unchecked(e);
                }
            }
        });
        return listOf(out);
    }

    /**
     * {@code [f(0), ..., f(n-1)]}, each computed as its own part, possibly in parallel.
     *
     * @param <T> type of the results
     * @param n how many values
     * @param f computes the value at an index
     * @return an unmodifiable list of the {@code n} values
     */
    public static <T> List<T> allInit(int n, IntFunction<? extends T> f) {
        checkN(n);
        Objects.requireNonNull(f, "f");
        Object[] out = new Object[n];
        forRange(n, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                out[i] = f.apply(i);
            }
        });
        return listOf(out);
    }

    /**
     * {@code f} applied to every element, possibly in parallel, in a new array made by {@code newArray}.
     *
     * @param <A> type of the input elements
     * @param <R> type of the output elements
     * @param in the input
     * @param f the function applied to each element
     * @param newArray makes the output array of a given length
     * @return the output array, element {@code i} being {@code f(in[i])}
     */
    public static <A, R> R[] mapArray(A[] in, Function<? super A, ? extends R> f, IntFunction<R[]> newArray) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(newArray, "newArray");
        R[] out = newArray.apply(in.length);
        if (in.length > 0) {
            forRange(in.length, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    out[i] = f.apply(in[i]);
                }
            });
        }
        return out;
    }

    /**
     * {@code f} applied to every element, possibly in parallel, in order.
     *
     * @param <A> type of the input elements
     * @param <R> type of the output elements
     * @param in the input
     * @param f the function applied to each element
     * @return an unmodifiable list, element {@code i} being {@code f(in.get(i))}
     */
    public static <A, R> List<R> mapList(List<? extends A> in, Function<? super A, ? extends R> f) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(f, "f");
        Object[] src = in.toArray();
        Object[] out = new Object[src.length];
        if (src.length > 0) {
            forRange(src.length, (lo, hi) -> {
                for (int i = lo; i < hi; i++) {
                    @SuppressWarnings("unchecked") A a = (A) src[i];
                    out[i] = f.apply(a);
                }
            });
        }
        return listOf(out);
    }

    // ------------------------------------------------------------------ internals

    private static <T> T split(WorkerQueue q, Group g, int lo, int hi, int chunk, T identity,
            RangeFunction<? extends T> body, BinaryOperator<T> combine) {
        if (hi - lo <= chunk) {
            q.yieldPoint(); // a chunk boundary is a preemption point
            if (g.stopped()) {
                return identity; // a part failed or the switch is off: start no new chunk
            }
            try {
                return Pieces.run(q, g, lo, hi, body, combine);
            } catch (Throwable e) {
                g.record(e);
                throw e;
            }
        }
        int mid = (lo + hi) >>> 1;
        ForkTask<T> right = new ForkTask<>(() -> split(current(q), g, mid, hi, chunk, identity, body, combine), g.sw, g.context);
        q.push(right);
        T left;
        try {
            left = split(q, g, lo, mid, chunk, identity, body, combine);
        } catch (Throwable e) {
            right.cancelAfter(q, e, false);
            throw e;
        }
        T r;
        try {
            r = right.join(q); // its failure was recorded where it happened
        } catch (Throwable e) {
            throw Rethrow.unchecked(e);
        }
        try {
            return combine.apply(left, r);
        } catch (Throwable e) {
            g.record(e); // a failing combine stops new chunks too
            throw e;
        }
    }

    /** The queue of the worker running a stolen half (the forking one's when run inline). */
    private static WorkerQueue current(WorkerQueue forking) {
        WorkerQueue q = WorkerQueue.current();
        return q != null ? q : forking;
    }

    private static WorkerQueue worker(String op) {
        // Refused under a lock every time, before any part starts: parts may run on other workers,
        // outside the critical section, and one that took the same lock would then wait for ever
        // (while the same part run inline would re-enter it).
        if (!(Suspension.currentNotHoldingLocks("start fork-join") instanceof WorkerQueue q)) {
            throw new IllegalStateException("ForkJoin." + op + " must be called from a task running on a"
                    + " Tidepool runner (for example inside pool.spawn(...)), not from " + Thread.currentThread());
        }
        return q;
    }

    private static int defaultChunk(int n, WorkerQueue q) {
        return Math.max(1, n / (8 * Math.max(1, q.runner().size())));
    }

    private static void checkN(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> listOf(Object[] values) {
        return Collections.unmodifiableList((List<T>) Arrays.asList(values));
    }
}
