package dev.tidepool.futures;

import dev.tidepool.futures.spi.PendingTask;
import dev.tidepool.futures.tracing.TaskTrace;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * Runs a callable at most once and settles its future. A CAS on {@code started} decides who runs
 * it: the worker that dequeues it, a worker awaiting its future ({@link #runInlineFor}), or a
 * shutdown that abandons it. A task whose future was cancelled, or whose switch was turned off,
 * before it started does not call the callable; one with a switch runs with it as
 * {@code Switch.current()}, and every task runs with its spawner's {@link TaskContext}.
 */
final class SpawnTask<T> implements PendingTask {
    private static final VarHandle STARTED;

    static {
        try {
            STARTED = MethodHandles.lookup().findVarHandle(SpawnTask.class, "started", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Fut<T> fut;
    private final Callable<T> body;
    /** The switch the task runs under (its {@code Switch.current()}), or null. */
    private final Switch sw;
    /** The submission, when tracing is on; null otherwise. */
    private final TaskTrace trace;
    /** The spawner's task-local values with {@link #sw}; null while no value was ever set and sw is null. */
    private final TaskContext context;
    @SuppressWarnings("unused") // accessed through STARTED
    private volatile boolean started;

    SpawnTask(Fut<T> fut, Callable<T> body, Switch sw, String name) {
        this.fut = fut;
        this.body = body;
        this.sw = sw;
        this.trace = TaskTrace.capture("spawn", name);
        this.context = TaskContext.capture(sw); // callIn makes sw current
    }

    private boolean claim() {
        return !(boolean) STARTED.getAcquire(this) && STARTED.compareAndSet(this, false, true);
    }

    @Override
    public void run() {
        if (claim()) {
            execute();
        }
    }

    private void execute() {
        if (fut.isDone()) {
            return; // cancelled (or its switch turned off) before it started
        }
        T value;
        try {
            if (sw != null && sw.isOff()) {
                throw new SwitchOffException(sw);
            }
            if (TaskContext.needed(context)) {
                value = TaskContext.callIn(context, this::traced);
            } else {
                try {
                    value = traced();
                } finally {
                    TaskContext.endDirect(); // TaskContext.callDirect, without the method reference
                }
            }
        } catch (Throwable e) {
            fut.failIn(e, null);
            return;
        }
        fut.succeedIn(value, null);
    }

    private T traced() throws Exception {
        return trace == null ? body.call() : trace.call(body);
    }

    @Override
    public void abandon(CancellationException reason) {
        if (claim()) {
            fut.failIn(reason, null);
        }
    }

    @Override
    public boolean runInlineFor(Fut<?> f) {
        if (f != fut || !claim()) {
            return false;
        }
        execute();
        return true;
    }

    @Override
    public boolean isStarted() {
        return (boolean) STARTED.getAcquire(this);
    }

    @Override
    public String toString() {
        return "SpawnTask[" + body + "]";
    }
}
