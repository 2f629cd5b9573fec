package dev.tidepool.futures;

import dev.tidepool.futures.internal.ThreadRecord;
import dev.tidepool.futures.spi.Rethrow;
import dev.tidepool.switches.Switch;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A snapshot of the {@link TaskLocal} values of a task and of its {@link Switch#current()},
 * carried to the work it starts.
 *
 * <p>Tidepool takes one for every task spawned from a task, every fork-join part, every
 * {@code map}/{@code flatMap}/{@code recover}/{@code onComplete} continuation and every
 * {@code Runner.run} task, and runs that work with it current: a child starts with its
 * spawner's values, and neither side sees the other's later {@link TaskLocal#set}. Code that
 * hands work to an executor Tidepool does not know (a JDK executor, an I/O library's callback
 * thread) carries the values the same way: {@code TaskContext.current().wrap(runnable)}.
 *
 * <p>A snapshot is immutable: {@link TaskLocal#set} makes a new one for the calling thread.
 * Memory consistency: the values in a snapshot were written before the snapshot was taken, so a
 * thread that receives it by any safe publication (a queue, a future) sees them.
 *
 * <p>For runner implementors: until a program first sets a task-local value and first makes a
 * switch current, {@link #captureIfAny()} costs two volatile reads, and {@link #callIn} with the
 * null it then gives costs the same; a runner that calls the first when it accepts a task, the
 * second when it runs it, and {@link #clear()} after each task keeps the promise above.
 */
public final class TaskContext {
    /*
     * Implementation overview. The calling thread's snapshot sits in its ThreadRecord (one
     * thread-local lookup, shared with the lock and suspension bookkeeping), as a plain field read
     * and written by that thread only; null there means EMPTY. A snapshot is an array indexed by
     * TaskLocal.index, copied on every set, so a captured snapshot never changes. `inUse` turns
     * true, once, when any value is first set: until then nothing anywhere differs from EMPTY, so
     * capture returns null and running "in" null skips the thread-local lookup altogether. Each
     * capture and run reads it (a volatile read, a plain load on x86); a thread that sees it false
     * has no value of its own to carry, because its own set would have made it true first, and a
     * snapshot it received came with a happens-before edge from the thread that made it true.
     * Work run directly because `inUse` was false (callDirect, runDirect, and the fast paths of
     * callIn and runIn) may itself make the first set: its thread's record then holds a value
     * that belongs to that work alone, so once the work ends, a fresh read of `inUse` that finds
     * it true puts the record back to null, which is what it held before (only a thread's own
     * set, made after turning `inUse` true, writes its record).
     *
     * The switch is not stored per thread: Switch.current() is a ScopedValue of the switches
     * module, which this module builds on, so a snapshot reads it when it is taken (current,
     * captureIfAny, capture) and callIn binds it, through callAsCurrent or callDetached, only when
     * it differs from the caller's. The snapshots kept in ThreadRecord have their switch field
     * ignored: current() always takes the switch from the ScopedValue.
     */
    static final TaskContext EMPTY = new TaskContext(new Object[0], null);
    private static volatile boolean inUse;

    final Object[] values;
    /** The switch the work runs under ({@link Switch#current()}), or null for none. */
    final Switch sw;

    private TaskContext(Object[] values, Switch sw) {
        this.values = values;
        this.sw = sw;
    }

    /**
     * The calling thread's task-local values and switch: those of the task it runs, or its own
     * outside any task.
     *
     * @return the snapshot (empty when no value was set and no switch is current)
     */
    public static TaskContext current() {
        return snapshot(Switch.currentOrNull());
    }

    /**
     * For runners: {@link #current()}, or null while no task-local value was ever set in this
     * process and no switch is current (then there is nothing to carry, and this costs two
     * volatile reads until some code first makes a switch current, then a lookup of the switch
     * as well).
     *
     * @return the snapshot to run the accepted work in, or null
     */
    public static TaskContext captureIfAny() {
        return capture(Switch.currentOrNull());
    }

    /** The calling thread's values, whatever its switch: no lookup of the switch, no allocation. */
    static TaskContext values() {
        return inUse ? of(ThreadRecord.current()) : EMPTY;
    }

    /** {@link #captureIfAny()} with {@code sw} as the snapshot's switch, for a task given one. */
    static TaskContext capture(Switch sw) {
        return sw == null && !inUse ? null : snapshot(sw);
    }

    /** The calling thread's values, with {@code sw}. */
    private static TaskContext snapshot(Switch sw) {
        TaskContext c = values();
        return c.sw == sw ? c : new TaskContext(c.values, sw);
    }

    /**
     * For runners: runs {@code body} with {@code context} current (null: an empty one) and puts
     * the calling thread's own snapshot back afterwards, whatever {@code body} set. While no
     * task-local value was ever set this only calls {@code body}.
     *
     * @param <T> type of the result
     * @param context a snapshot from {@link #captureIfAny()}, or null
     * @param body the work
     * @return what {@code body} returned
     * @throws Exception what {@code body} threw
     */
    public static <T> T callIn(TaskContext context, Callable<T> body) throws Exception {
        Switch sw = context == null ? null : context.sw;
        if (sw == Switch.currentOrNull()) {
            return callWithValues(context, body);
        }
        Callable<T> inValues = () -> callWithValues(context, body);
        return sw == null ? Switch.callDetached(inValues) : sw.callAsCurrent(inValues);
    }

    /** {@link #callIn} once the switch is right. */
    private static <T> T callWithValues(TaskContext context, Callable<T> body) throws Exception {
        if (!inUse) {
            return callDirect(body); // no value was ever set: the context has none, the thread none to keep
        }
        ThreadRecord r = ThreadRecord.current();
        Object saved = r.taskContext;
        r.taskContext = context;
        try {
            return body.call();
        } finally {
            r.taskContext = saved;
        }
    }

    /**
     * For runners: drops the calling thread's task-local values, for a worker between two tasks
     * (a task that set values with no snapshot of its own to go back to leaves them on its
     * thread). One volatile read while no task-local value was ever set.
     */
    public static void clear() {
        if (inUse) {
            ThreadRecord.current().taskContext = null;
        }
    }

    /**
     * Runs {@code body} with this snapshot current, then puts the calling thread's own back.
     *
     * @param <T> type of the result
     * @param body the work
     * @return what {@code body} returned
     * @throws Exception what {@code body} threw
     */
    public <T> T call(Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        return callIn(this, body);
    }

    /**
     * A runnable that runs {@code task} with this snapshot current, on whichever thread runs it.
     *
     * @param task the work
     * @return the wrapped work
     */
    public Runnable wrap(Runnable task) {
        Objects.requireNonNull(task, "task");
        return () -> runIn(this, task);
    }

    // ------------------------------------------------------------ for this package

    /**
     * For runners: whether running work in {@code context} (see {@link #callIn}) may differ from
     * just running it. False, at the cost of two volatile reads (and a lookup of the switch once
     * some code has made one current), while no task-local value was ever set, {@code context}
     * is null and no switch is current; a hot path can then skip building a callable and call
     * its work through {@link #callDirect} (or {@link #runDirect}).
     *
     * @param context a snapshot from {@link #captureIfAny()}, or null
     * @return whether {@link #callIn} has anything to do
     */
    public static boolean needed(TaskContext context) {
        return context != null || inUse || Switch.currentOrNull() != null;
    }

    /**
     * For runners: calls {@code body} where {@link #needed} answered false, so that it keeps the
     * promise of {@link #callIn}: if {@code body} sets the first task-local value of the process,
     * that value stays with {@code body} and the calling thread is back to no values when it
     * returns or throws. Costs one volatile read after {@code body}.
     *
     * @param <T> type of the result
     * @param body the work
     * @return what {@code body} returned
     * @throws Exception what {@code body} threw
     */
    public static <T> T callDirect(Callable<T> body) throws Exception {
        try {
            return body.call();
        } finally {
            endDirect();
        }
    }

    /**
     * For runners: {@link #callDirect} for a runnable.
     *
     * @param body the work
     */
    public static void runDirect(Runnable body) {
        try {
            body.run();
        } finally {
            endDirect();
        }
    }

    /**
     * For runners: what {@link #callDirect} does after its work, for a hot path that calls its
     * work itself (no callable, no extra frame between it and its work), in a {@code finally}:
     * {@code if (!needed(context)) try { work } finally { endDirect(); }}. If the work set the first
     * task-local value of the process, the calling thread is back to no values. One volatile read.
     */
    public static void endDirect() {
        if (inUse) {
            ThreadRecord.current().taskContext = null;
        }
    }

    /** Runs {@code body} in {@code context} (see {@link #callIn}); for runnables. */
    static void runIn(TaskContext context, Runnable body) {
        if (!needed(context)) {
            runDirect(body);
            return;
        }
        if ((context == null ? null : context.sw) == Switch.currentOrNull()) {
            runWithValues(context, body); // the common case: no callable to allocate
            return;
        }
        try {
            callIn(context, () -> {
                body.run();
                return null;
            });
        } catch (Exception e) {
            throw Rethrow.unchecked(e); // a Runnable throws unchecked exceptions only
        }
    }

    /** {@link #runIn} once the switch is right; {@link #callWithValues} for runnables. */
    private static void runWithValues(TaskContext context, Runnable body) {
        if (!inUse) {
            runDirect(body);
            return;
        }
        ThreadRecord r = ThreadRecord.current();
        Object saved = r.taskContext;
        r.taskContext = context;
        try {
            body.run();
        } finally {
            r.taskContext = saved;
        }
    }

    /** The snapshot kept in the calling thread's record {@code r} (its switch is not read). */
    static TaskContext of(ThreadRecord r) {
        TaskContext c = (TaskContext) r.taskContext;
        return c == null ? EMPTY : c;
    }

    static void markInUse() {
        if (!inUse) {
            inUse = true;
        }
    }

    /** The value at {@code index}, or {@code absent} if none was set. */
    Object get(int index, Object absent) {
        return index < values.length && values[index] != null ? values[index] : absent;
    }

    /** A copy with {@code value} (already boxed by the caller for null) at {@code index}. */
    TaskContext with(int index, Object value) {
        Object[] v = Arrays.copyOf(values, Math.max(values.length, index + 1));
        v[index] = value;
        return new TaskContext(v, sw);
    }

    @Override
    public String toString() {
        int n = 0;
        for (Object v : values) {
            n += v != null ? 1 : 0;
        }
        return "TaskContext[" + n + " values]";
    }
}
