package dev.tidepool.futures;

import dev.tidepool.futures.internal.ThreadRecord;
import dev.tidepool.futures.spi.Rethrow;
import dev.tidepool.futures.spi.Suspension;
import dev.tidepool.futures.tracing.TaskTracing;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import dev.tidepool.switches.internal.YieldPoints;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * A thread-safe, write-once result of a computation.
 *
 * <p>A future is pending until it settles, exactly once, with a value or an exception; later
 * attempts to settle it fail ({@link Promise#complete}) or return {@code false}
 * ({@link Promise#tryComplete}). {@link #cancel()} settles it with a {@link CancellationException}.
 *
 * <p>{@link #await()} called by a task running on a Tidepool runner suspends the task: its worker
 * parks and the runner keeps its cores busy with other workers, so thousands of tasks can wait
 * without holding an OS thread. Called anywhere else it blocks the calling thread.
 *
 * <p>Callbacks and continuations ({@code onComplete}, {@code map}, {@code flatMap},
 * {@code recover}) run with the {@link TaskLocal} values of the code that registered them,
 * wherever and whenever they run, and while tracing is installed with its OpenTelemetry context;
 * so does a task from {@code spawn}, with its spawner's.
 *
 * <p>Memory consistency: actions of the thread that settles a future happen-before every return
 * from {@link #await()}, every callback run for it, and every call to {@link #isDone()} or
 * {@link #peek()} that observes it settled.
 *
 * @param <T> type of the value
 */
public final class Fut<T> {
    /*
     * Implementation overview. One volatile field, `state`, holds everything:
     *   null              pending, nobody waiting;
     *   a Waiters node    pending; head of a Treiber stack of parked threads and callbacks;
     *   NIL               settled with the value null;
     *   a Failed          settled with an exception;
     *   anything else     settled with that value.
     * Settling is one CAS from a pending state to a settled one; the winner then owns the stack it
     * replaced and fires every node, oldest first. Registration is a CAS push that fails once the
     * future is settled, in which case the caller runs the callback itself: either way it runs once.
     * The CAS gives the happens-before edge stated above (release on settle, acquire on read).
     * Callbacks often settle other futures (map, flatMap, all, ...); Firing keeps that from
     * recursing, so a chain of any length settles with a constant stack.
     */
    private static final Object NIL = new Object();
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Fut.class, "state", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Object state;

    Fut() {}

    // ---------------------------------------------------------------- creation

    /**
     * A new pending future with the promise that settles it.
     *
     * @param <T> type of the value
     * @return the promise; its {@link Promise#fut()} is the future
     */
    public static <T> Promise<T> promise() {
        return new Promise<>(new Fut<>());
    }

    /**
     * A future already settled with {@code value}.
     *
     * @param <T> type of the value
     * @param value the value, possibly null
     * @return a settled future
     */
    public static <T> Fut<T> of(T value) {
        Fut<T> f = new Fut<>();
        f.state = value == null ? NIL : value;
        return f;
    }

    /**
     * A future already failed with {@code error}.
     *
     * @param <T> type of the value
     * @param error the exception
     * @return a settled, failed future
     */
    public static <T> Fut<T> failed(Throwable error) {
        Objects.requireNonNull(error, "error");
        Fut<T> f = new Fut<>();
        f.state = new Failed(error);
        return f;
    }

    /**
     * Runs {@code task} on {@code on} and returns its future. If the future is cancelled before the
     * task starts, the task never runs.
     *
      * @param <T> type of the result
      * @param on the executor or runner that runs the task
      * @param task the computation
      * @return the future of its result
     * @throws java.util.concurrent.RejectedExecutionException if {@code on} refuses the task
     */
    public static <T> Fut<T> spawn(Executor on, Callable<T> task) {
        return spawnNamed(on, null, Switch.currentOrNull(), task);
    }

    /**
     * Same as {@link #spawn(Executor, Callable)}, with a name for the task: traces show the task's
     * span under this name.
     *
      * @param <T> type of the result
      * @param on the executor or runner that runs the task
      * @param name the span name of the task
      * @param task the computation
      * @return the future of its result
     * @throws java.util.concurrent.RejectedExecutionException if {@code on} refuses the task
     */
    public static <T> Fut<T> spawn(Executor on, String name, Callable<T> task) {
        return spawnNamed(on, Objects.requireNonNull(name, "name"), Switch.currentOrNull(), task);
    }

    /**
     * Runs {@code task} on {@code on} under {@code sw}: the task sees {@code sw} as
     * {@link Switch#current()} (and so do the tasks it spawns), and turning {@code sw} off fails
     * the future with a {@link dev.tidepool.switches.SwitchOffException} at once, waking everyone
     * awaiting it. A task whose switch is off before it starts never runs; a running one goes on
     * until it checks its switch.
     *
      * @param <T> type of the result
      * @param on the executor or runner that runs the task
      * @param sw the switch that cancels the task
      * @param task the computation
      * @return the future of its result
     * @throws java.util.concurrent.RejectedExecutionException if {@code on} refuses the task
     */
    public static <T> Fut<T> spawn(Executor on, Switch sw, Callable<T> task) {
        return spawnNamed(on, null, Objects.requireNonNull(sw, "sw"), task);
    }

    private static <T> Fut<T> spawnNamed(Executor on, String name, Switch sw, Callable<T> task) {
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(task, "task");
        Fut<T> f = new Fut<>();
        if (sw != null) {
            Switch.Handle h = sw.onTurnOff(() -> f.tryFailWith(new SwitchOffException(sw)));
            if (f.isDone()) {
                return f; // the switch was already off: the task never runs
            }
            f.whenSettled(done -> h.close());
        }
        on.execute(new SpawnTask<>(f, task, sw, name));
        return f;
    }

    /**
     * A future settled like {@code stage}.
     *
     * @param <T> type of the value
     * @param stage the stage to follow
     * @return a future settled when {@code stage} completes
     */
    public static <T> Fut<T> from(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        Fut<T> f = new Fut<>();
        stage.whenComplete((v, e) -> {
            if (e == null) {
                f.trySucceed(v);
            } else {
                f.tryFailWith(unwrapCompletion(e));
            }
        });
        return f;
    }

    // ---------------------------------------------------------------- state

    /**
     * Whether the future has settled, whichever way.
     *
     * @return true once settled with a value, an exception or a cancellation
     */
    public boolean isDone() {
        return isSettled(state);
    }

    /**
     * Whether the future settled with a value.
     *
     * @return true if settled with a value
     */
    public boolean isSuccess() {
        Object s = state;
        return isSettled(s) && !(s instanceof Failed);
    }

    /**
     * Whether the future settled with an exception (cancellation included).
     *
     * @return true if settled with an exception (a cancellation included)
     */
    public boolean isFailed() {
        return state instanceof Failed;
    }

    /**
     * Whether the future settled with a {@link CancellationException}.
     *
     * @return true if settled with a {@link CancellationException}
     */
    public boolean isCancelled() {
        return state instanceof Failed(Throwable e) && e instanceof CancellationException;
    }

    /**
     * The outcome if settled, else empty; never blocks.
     *
     * @return the outcome if settled, else empty; never waits
     */
    @SuppressWarnings("unchecked")
    public Optional<Outcome<T>> peek() {
        Object s = state;
        if (!isSettled(s)) {
            return Optional.empty();
        }
        if (s instanceof Failed(Throwable e)) {
            return Optional.of(new Outcome.Failure<>(e));
        }
        return Optional.of(new Outcome.Success<>(s == NIL ? null : (T) s));
    }

    /**
     * Settles the future with a {@link CancellationException} if it is still pending. A task spawned
     * for it that has not started yet will not run.
     *
     * @return whether this call settled the future
     */
    public boolean cancel() {
        return tryFailWith(new CancellationException("future cancelled"));
    }

    // ---------------------------------------------------------------- waiting

    /**
     * The value, waiting for it if needed: a task on a runner is suspended, any other thread blocks.
     * The wait is not interruptible; an interrupt that arrives during it is kept for the caller.
     * A task running under a {@link Switch} stops waiting when that switch turns off. Called by a
     * runner's task, it is a preemption point: the task may give its core to another pool owed
     * time before it looks at the future.
     *
      * @return the value
     * @throws SwitchOffException if the caller's {@link Switch#current()} turns off during the wait
     * @throws IllegalStateException if the future is pending and the caller holds a
     *     {@link dev.tidepool.sync.Lock}, naming it (a likely deadlock)
     * @throws RuntimeException the computation's own exception, or a {@link CompletionException}
     *     whose cause is its checked exception
     * @throws Error the computation's own error
     */
    public T await() {
        YieldPoints.point(); // a preemption point, when the caller is a runner's task
        Object s = state;
        if (!isSettled(s)) {
            s = waitFor(0L, false);
        }
        return report(s);
    }

    /**
     * Like {@link #await()}, but an interrupt ends the wait, as it ends the waits of
     * {@link java.util.concurrent.Future#get()} and {@link java.util.concurrent.BlockingQueue#take()}:
     * for code written to be stopped by {@link Thread#interrupt()}, such as the workers of a
     * {@link java.util.concurrent.ExecutorService} on {@code shutdownNow()}.
     *
     * @return the value
     * @throws InterruptedException if the calling thread is interrupted when it calls this, or
     *     while it waits (its interrupt status is then cleared, as the JDK's waits do)
     * @throws SwitchOffException if the caller's {@link Switch#current()} turns off during the wait
     */
    public T awaitInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before awaiting " + this);
        }
        Object s = state;
        if (!isSettled(s)) {
            s = waitFor(0L, true);
            if (s == INTERRUPTED) {
                throw new InterruptedException("interrupted while awaiting " + this);
            }
        }
        return report(s);
    }

    /**
     * Like {@link #await(Duration)}, but an interrupt ends the wait (see {@link #awaitInterruptibly()}).
     *
     * @param timeout the longest wait
     * @return the value
     * @throws InterruptedException if the calling thread is interrupted when it calls this, or
     *     while it waits
     * @throws TimeoutException if the future is still pending after {@code timeout}
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public T awaitInterruptibly(Duration timeout) throws InterruptedException, TimeoutException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before awaiting " + this);
        }
        Object s = state;
        if (!isSettled(s)) {
            long nanos = saturatedNanos(timeout);
            if (nanos == 0L) {
                throw new TimeoutException("future still pending after " + timeout);
            }
            s = waitFor(nanos, true);
            if (s == INTERRUPTED) {
                throw new InterruptedException("interrupted while awaiting " + this);
            }
            if (!isSettled(s)) {
                throw new TimeoutException("future still pending after " + timeout);
            }
        }
        return report(s);
    }

    /**
     * Like {@link #await()}, waiting at most {@code timeout}.
     *
      * @param timeout the longest wait
      * @return the value
     * @throws TimeoutException if the future is still pending after {@code timeout}
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public T await(Duration timeout) throws TimeoutException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        Object s = state;
        if (!isSettled(s)) {
            long nanos = saturatedNanos(timeout);
            if (nanos == 0L) {
                throw new TimeoutException("future still pending after " + timeout);
            }
            s = waitFor(nanos, false);
            if (!isSettled(s)) {
                throw new TimeoutException("future still pending after " + timeout);
            }
        }
        return report(s);
    }

    /** What {@link #waitFor} returns when an interrupt ended an interruptible wait. */
    private static final Object INTERRUPTED = new Object();

    /**
     * Parks until settled or until {@code nanos} elapse ({@code 0} = no limit); returns the state,
     * or {@link #INTERRUPTED} when {@code interruptible} and an interrupt came first (consumed).
     * A held lock refuses the wait before anything else. The runner hook, if any, may then run the
     * settling task inline (work-first, as a ForkJoinPool join does), and is told before the first
     * park and after the last.
     */
    private Object waitFor(long nanos, boolean interruptible) {
        ThreadRecord thread = ThreadRecord.current();
        // Before anything runs inline: a task run here would run inside the caller's critical section.
        thread.checkNoneHeld("await a pending future");
        Suspension.Hook hook = (Suspension.Hook) thread.hook;
        if (hook != null && hook.runInline(this)) {
            Object s = state;
            if (isSettled(s)) {
                return s;
            }
        }
        if (isSettled(state)) {
            return state;
        }
        Waiters.Parked me = new Waiters.Parked(Thread.currentThread());
        if (!push(me)) {
            return state;
        }
        long deadline = nanos == 0L ? 0L : System.nanoTime() + nanos;
        boolean interrupted = false;
        Switch sw = Switch.currentOrNull();
        Switch.Handle onOff = sw == null ? null : sw.onTurnOff(me::wake);
        if (hook != null) {
            hook.beforeSuspend();
        }
        TaskTracing.suspending();
        try {
            Object s;
            while (!isSettled(s = state)) {
                if (sw != null && sw.isOff()) {
                    me.thread = null;
                    throw new SwitchOffException(sw);
                }
                if (nanos == 0L) {
                    LockSupport.park(this);
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0L) {
                        me.thread = null;
                        break;
                    }
                    LockSupport.parkNanos(this, left);
                }
                if (Thread.interrupted()) {
                    if (interruptible && !isSettled(state)) {
                        me.thread = null;
                        return INTERRUPTED;
                    }
                    interrupted = true;
                }
            }
            return s;
        } finally {
            TaskTracing.resumed();
            if (onOff != null) {
                onOff.close();
            }
            if (hook != null) {
                hook.afterResume();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- callbacks and combinators

    /**
     * Runs {@code callback} once with (value, null) or (null, exception) when the future settles: at
     * once on the calling thread if it already has, else on the thread that settles it.
     * Callbacks registered before the future settles run in registration order. One registered
     * after it settled runs at once, and may run before the settling thread has finished running
     * the earlier ones (as with {@link CompletableFuture}). A callback that settles another future
     * returns before that future's callbacks start; they run next, on the same thread, before the
     * outer settle returns, so chains of any length settle without deepening the stack. A callback
     * that throws an exception is logged and the others still run; an {@link Error} is thrown to
     * the thread that settled the future once the other callbacks have run.
      *
      * @param callback receives the value and null, or null and the exception
     */
    public void onComplete(BiConsumer<? super T, ? super Throwable> callback) {
        Objects.requireNonNull(callback, "callback");
        Carried carried = Carried.capture();
        whenSettled(f -> {
            if (Carried.needed(carried)) {
                Carried.run(carried, () -> deliver(f, callback));
            } else {
                try {
                    deliver(f, callback); // nothing to carry: no second allocation per callback
                } finally {
                    TaskContext.endDirect(); // a first set in the callback stays in it
                }
            }
        });
    }

    private static <T> void deliver(Fut<T> f, BiConsumer<? super T, ? super Throwable> callback) {
        Object s = f.state;
        if (s instanceof Failed(Throwable e)) {
            callback.accept(null, e);
        } else {
            callback.accept(f.valueOf(s), null);
        }
    }

    /**
     * Like {@link #onComplete(BiConsumer)}, with the callback run as a task on {@code on}.
     *
     * @param on the executor the callback runs on
     * @param callback receives the value and null, or null and the exception
     */
    public void onComplete(Executor on, BiConsumer<? super T, ? super Throwable> callback) {
        Objects.requireNonNull(on, "on");
        Objects.requireNonNull(callback, "callback");
        Carried carried = Carried.capture();
        onComplete((v, e) -> on.execute(() -> Carried.run(carried, () -> callback.accept(v, e))));
    }

    /**
     * A future of {@code fn} applied to this value; a failure (or {@code fn}'s) passes through.
     *
     * @param <R> type of the new value
     * @param fn applied to the value
     * @return a future of {@code fn(value)}, failed like this one if this one fails
     */
    public <R> Fut<R> map(Function<? super T, ? extends R> fn) {
        return Combine.map(this, null, fn);
    }

    /**
     * Like {@link #map(Function)}, with {@code fn} run as a task on {@code on}.
     *
     * @param <R> type of the new value
     * @param on the executor {@code fn} runs on
     * @param fn applied to the value
     * @return a future of {@code fn(value)}, failed like this one if this one fails
     */
    public <R> Fut<R> map(Executor on, Function<? super T, ? extends R> fn) {
        return Combine.map(this, Objects.requireNonNull(on, "on"), fn);
    }

    /**
     * The future that {@code fn} returns for this value; a failure passes through.
     *
     * @param <R> type of the new value
     * @param fn gives the future to follow from the value
     * @return a future settled like the one {@code fn} returns
     */
    public <R> Fut<R> flatMap(Function<? super T, Fut<R>> fn) {
        return Combine.flatMap(this, null, fn);
    }

    /**
     * Like {@link #flatMap(Function)}, with {@code fn} run as a task on {@code on}.
     *
     * @param <R> type of the new value
     * @param on the executor {@code fn} runs on
     * @param fn gives the future to follow from the value
     * @return a future settled like the one {@code fn} returns
     */
    public <R> Fut<R> flatMap(Executor on, Function<? super T, Fut<R>> fn) {
        return Combine.flatMap(this, Objects.requireNonNull(on, "on"), fn);
    }

    /**
     * This value, or {@code fn} applied to this future's exception.
     *
     * @param fn gives a value from the exception
     * @return a future with this one's value, or {@code fn}'s if this one fails
     */
    public Fut<T> recover(Function<? super Throwable, ? extends T> fn) {
        return Combine.recover(this, null, fn);
    }

    /**
     * Like {@link #recover(Function)}, with {@code fn} run as a task on {@code on}.
     *
     * @param on the executor {@code fn} runs on
     * @param fn gives a value from the exception
     * @return a future with this one's value, or {@code fn}'s if this one fails
     */
    public Fut<T> recover(Executor on, Function<? super Throwable, ? extends T> fn) {
        return Combine.recover(this, Objects.requireNonNull(on, "on"), fn);
    }

    /**
     * Both values once both succeed; the first failure fails the result at once.
     *
     * @param <A> type of the first value
     * @param <B> type of the second value
     * @param a the first future
     * @param b the second future
     * @return a future of both values
     */
    public static <A, B> Fut<Both<A, B>> both(Fut<A> a, Fut<B> b) {
        return Combine.both(a, b);
    }

    /**
     * All values in order once all succeed; the first failure fails the result at once.
     *
     * @param <T> type of the values
     * @param futs the futures
     * @return a future of their values, in order
     */
    public static <T> Fut<List<T>> all(List<? extends Fut<? extends T>> futs) {
        return Combine.all(futs);
    }

    /**
     * Settles once every future has succeeded, or with the first failure.
     *
     * @param futs the futures
     * @return a future that succeeds with null once all have succeeded
     */
    public static Fut<Void> allOf(Collection<? extends Fut<?>> futs) {
        return Combine.allOf(futs);
    }

    /**
     * Settles like the first of {@code futs} to settle, whichever way.
     *
     * @param <T> type of the value
     * @param futs the futures, at least one
     * @return a future settled like the first of them
     * @throws IllegalArgumentException if {@code futs} is empty
     */
    public static <T> Fut<T> any(List<? extends Fut<? extends T>> futs) {
        return Combine.any(futs);
    }

    /**
     * Runs {@code body(i)} for each {@code i} in {@code [0, n)}, each as its own task on {@code on};
     * the result settles once all have run, or with the first failure.
      *
      * @param on the executor the tasks run on
      * @param n the number of tasks
      * @param body run with each index
      * @return a future that succeeds with null once every task has run
     */
    public static Fut<Void> forRange(Executor on, int n, IntConsumer body) {
        return Combine.forRange(on, n, body);
    }

    /**
     * A {@link CompletableFuture} settled like this future.
     *
     * @return a new {@code CompletableFuture}; completing it does not settle this future
     */
    public CompletableFuture<T> toCompletableFuture() {
        CompletableFuture<T> cf = new CompletableFuture<>();
        onComplete((v, e) -> {
            if (e == null) {
                cf.complete(v);
            } else {
                cf.completeExceptionally(e);
            }
        });
        return cf;
    }

    @Override
    public String toString() {
        Object s = state;
        String what = !isSettled(s) ? "pending"
                : s instanceof Failed(Throwable e) ? "failed: " + e
                : "value: " + (s == NIL ? "null" : s);
        return "Fut[" + what + "]";
    }

    // ---------------------------------------------------------------- internals

    /**
     * Settles with {@code value}; false if already settled. For settles that user code may make
     * from inside a callback (see {@link Firing#checked}).
     */
    boolean trySucceed(T value) {
        return settle(value == null ? NIL : value, null, true);
    }

    /** Settles with {@code error}; false if already settled. Like {@link #trySucceed}. */
    boolean tryFailWith(Throwable error) {
        Objects.requireNonNull(error, "error");
        return settle(new Failed(error), null, true);
    }

    /**
     * Settles with {@code value}: its waiters run in {@code loop} when a callback running in it
     * settles this future, or in a loop of their own when {@code loop} is null (a task's end).
     */
    boolean succeedIn(T value, Firing loop) {
        return settle(value == null ? NIL : value, loop, false);
    }

    /** Settles with {@code error}, like {@link #succeedIn}. */
    boolean failIn(Throwable error, Firing loop) {
        Objects.requireNonNull(error, "error");
        return settle(new Failed(error), loop, false);
    }

    /** Runs {@code action} once with this future when it settles (at once if it has). */
    void whenSettled(Consumer<Fut<T>> action) {
        whenSettledIn((f, loop) -> action.accept(f));
    }

    /**
     * Runs {@code action} once with this future and the firing loop running it when it settles,
     * or at once with a null loop if it has.
     */
    void whenSettledIn(BiConsumer<Fut<T>, Firing> action) {
        if (!push(new Waiters.Callback<>(action))) {
            action.accept(this, null);
        }
    }

    private boolean settle(Object outcome, Firing loop, boolean checked) {
        Object s;
        do {
            s = state;
            if (isSettled(s)) {
                return false;
            }
        } while (!STATE.compareAndSet(this, s, outcome));
        if (s != null) { // waiters: the winner owns the stack now; fire it oldest first
            Waiters head = (Waiters) s;
            Waiters reversed = null;
            while (head != null) {
                Waiters next = head.next;
                head.next = reversed;
                reversed = head;
                head = next;
            }
            if (loop != null) {
                loop.push(this, reversed);
            } else if (checked) {
                Firing.checked(this, reversed);
            } else {
                Firing.top(this, reversed);
            }
        }
        return true;
    }

    /** Pushes {@code node} while pending; false if the future has settled. */
    private boolean push(Waiters node) {
        Object s;
        do {
            s = state;
            if (isSettled(s)) {
                return false;
            }
            node.next = (Waiters) s;
        } while (!STATE.compareAndSet(this, s, node));
        return true;
    }

    private static boolean isSettled(Object s) {
        return s != null && !(s instanceof Waiters);
    }

    @SuppressWarnings("unchecked")
    private T valueOf(Object s) {
        return s == NIL ? null : (T) s;
    }

    private T report(Object s) {
        if (s instanceof Failed(Throwable e)) {
            throw Rethrow.unchecked(e);
        }
        return valueOf(s);
    }

    /** The settled state; the caller knows the future is settled. */
    Object settledState() {
        return state;
    }

    /** The settled state, or null while pending. */
    Object settledStateOrNull() {
        Object s = state;
        return isSettled(s) ? s : null;
    }

    /** The exception of a failed state, else null. */
    static Throwable failureOf(Object s) {
        return s instanceof Failed(Throwable e) ? e : null;
    }

    private static Throwable unwrapCompletion(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }
}
