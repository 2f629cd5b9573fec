package dev.tidepool.futures;

import dev.tidepool.futures.spi.PendingTask;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * Runs a callable at most once and settles its future. A CAS on {@code started} decides who runs
 * it: the worker that dequeues it, a worker awaiting its future ({@link #runInlineFor}), or a
 * shutdown that abandons it. A task whose future was cancelled before it started does not call the
 * callable.
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
    @SuppressWarnings("unused") // accessed through STARTED
    private volatile boolean started;

    SpawnTask(Fut<T> fut, Callable<T> body) {
        this.fut = fut;
        this.body = body;
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
            return; // cancelled before it started
        }
        T value;
        try {
            value = body.call();
        } catch (Throwable e) {
            fut.tryFailWith(e);
            return;
        }
        fut.trySucceed(value);
    }

    @Override
    public void abandon(CancellationException reason) {
        if (claim()) {
            fut.tryFailWith(reason);
        }
    }

    @Override
    public boolean runInlineFor(Object f) {
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
