package dev.tidepool.forkjoin;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.TaskContext;
import dev.tidepool.futures.spi.Rethrow;
import dev.tidepool.futures.spi.PendingTask;
import dev.tidepool.futures.spi.Suspension;
import dev.tidepool.futures.tracing.TaskTrace;
import dev.tidepool.runners.spi.WorkerQueue;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;

/**
 * The second half of a fork: queued on the forking worker, run by whoever claims it first.
 *
 * <p>Implementation overview. {@code state} goes from NEW to CLAIMED by one CAS; the winner is the
 * only one to run the body: a thief (through {@link #run}), the forking worker taking it back
 * inline ({@link #join}), or a cancellation. A queue entry whose task was claimed elsewhere is a
 * no-op when it is dequeued later, so a FIFO pool can also run the half inline. A half whose
 * switch is off when it is claimed does not run; it fails with {@link SwitchOffException}. When a
 * thief ran it, the forking worker waits through {@code waiter}: the thief swaps in DONE after
 * writing {@code result}/{@code error}; the waiter CASes its thread in if it got there first and
 * suspends (not blocking its core) until DONE, whatever its switch does meanwhile, since no
 * fork-join call may return while one of its parts runs. The swap and the CAS order the plain
 * writes of the result before the reads that follow them. Whoever runs the half runs it with
 * the forking task's {@code TaskContext} of the moment of the fork.
 */
final class ForkTask<T> implements PendingTask {
    private static final int NEW = 0;
    private static final int CLAIMED = 1;
    private static final Object DONE = new Object();
    private static final VarHandle STATE;
    private static final VarHandle WAITER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(ForkTask.class, "state", int.class);
            WAITER = l.findVarHandle(ForkTask.class, "waiter", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Callable<? extends T> body;
    /** The forking task's switch, checked before the body runs; null if none. */
    private final Switch sw;
    /** The fork, when tracing is on; null otherwise. */
    private final TaskTrace trace;
    /** The forking task's task-local values and switch; null while no value was ever set and sw is null. */
    final TaskContext context;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    @SuppressWarnings("unused") // accessed through WAITER
    private volatile Object waiter;
    private T result;
    private Throwable error;

    ForkTask(Callable<? extends T> body, Switch sw, TaskContext context) {
        this.body = body;
        this.sw = sw;
        this.trace = TaskTrace.capture("fork", null);
        this.context = context;
    }

    private boolean claim() {
        return (int) STATE.getAcquire(this) == NEW && STATE.compareAndSet(this, NEW, CLAIMED);
    }

    /** Run by a thief, or by a worker dequeuing an entry whose task was already claimed. */
    @Override
    public void run() {
        if (!claim()) {
            return;
        }
        try {
            if (sw != null && sw.isOff()) {
                throw new SwitchOffException(sw);
            }
            if (TaskContext.needed(context)) {
                result = TaskContext.callIn(context, this::callTracedAsThief);
            } else {
                try {
                    result = callTracedAsThief();
                } finally {
                    TaskContext.endDirect();
                }
            }
        } catch (Throwable e) {
            error = e;
        }
        publish();
    }

    /** The body on a thief, which {@link TaskContext#callIn} has put under the switch (the context holds it). */
    private T callTracedAsThief() throws Exception {
        return trace == null ? body.call() : trace.call(body::call);
    }

    /**
     * The body on the forking worker, which already runs under the switch; with the values of the
     * fork, whatever the forking task's own part set meanwhile.
     */
    private T callInline() throws Exception {
        if (sw != null && sw.isOff()) {
            throw new SwitchOffException(sw);
        }
        if (TaskContext.needed(context)) {
            return TaskContext.callIn(context, trace == null ? body::call : () -> trace.call(body::call));
        }
        try {
            return trace == null ? body.call() : trace.call(body::call);
        } finally {
            TaskContext.endDirect();
        }
    }

    @Override
    public void abandon(CancellationException reason) {
        if (claim()) {
            error = reason;
            publish();
        }
    }

    @Override
    public boolean runInlineFor(Fut<?> fut) {
        return false; // a fork is taken back through join, never awaited as a future
    }

    @Override
    public boolean isStarted() {
        return (int) STATE.getAcquire(this) != NEW;
    }

    private void publish() {
        Object w = WAITER.getAndSet(this, DONE);
        if (w instanceof Thread t) {
            LockSupport.unpark(t);
        }
    }

    private boolean published() {
        return WAITER.getAcquire(this) == DONE;
    }

    /**
     * Called by the forking worker once its own half is done: runs this half inline unless a
     * thief took it, else waits for the thief. Throws what the half threw.
     */
    T join(WorkerQueue q) throws Exception {
        if (q.unpush(this)) {
            // Out of every queue now, so no thief or shutdown can claim it: no CAS needed.
            STATE.setOpaque(this, CLAIMED);
            return callInline();
        }
        if (claim()) {
            return callInline();
        }
        awaitThief();
        if (error != null) {
            throw Rethrow.unchecked(error);
        }
        return result;
    }

    /**
     * Called by the forking worker after its own half failed with {@code failure}: keeps this half
     * from starting, or waits for it and attaches its failure to {@code failure}.
     */
    void cancelAfter(WorkerQueue q, Throwable failure, boolean attach) {
        q.unpush(this);
        if (claim()) {
            return;
        }
        awaitThief();
        if (attach && error != null && error != failure) {
            failure.addSuppressed(error);
        }
    }

    /** Waits until the thief has published; neither the switch nor an interrupt ends the wait. */
    private void awaitThief() {
        if (published()) {
            return;
        }
        if (WAITER.compareAndSet(this, null, Thread.currentThread())) {
            Suspension.suspendUntil(this::published);
        }
    }
}
