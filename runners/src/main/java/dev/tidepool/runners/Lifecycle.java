package dev.tidepool.runners;

import dev.tidepool.futures.spi.PendingTask;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import org.jctools.util.PaddedAtomicLong;

/**
 * A pool's state (running, shutting down, stopping, terminated) and the two counts that decide
 * when it may terminate.
 *
 * <p>Implementation overview. {@code busy} counts workers that may hold or take a task;
 * {@code inflight} counts external submitters between their state check and their enqueue. A task
 * moves from a submitter to a queue, from a queue to a counted worker (counted before it takes),
 * and from a worker back to a queue (a worker stays counted until it finds the queues empty), so
 * {@link #tryTerminate} reads inflight, then the queues (after a graceful shutdown), then busy:
 * a task that moves between two reads is seen by the later one, and all zero or empty means
 * nothing can run or enqueue a task any more. After shutdownNow the queues do not matter: what is
 * left in them is cancelled, by the terminating thread, or by a pusher that finds the pool
 * stopping after its push (shutdownNow writes the state, then drains; a pusher writes the queue,
 * then passes a full fence, then reads the state: one of the two sees the task). Whoever makes
 * {@code busy} reach zero after a shutdown calls {@link #tryTerminate}. Every counter and the state
 * are used with sequentially consistent accesses; each step is a {@link Sim#point}.
 *
 * <p>Where the pusher's fence is. An external submitter's is the decrement of {@code inflight}
 * after its push ({@link #submit}). A worker's push to its own deque ends with a release store,
 * which a later read of the state may pass (a store buffer does exactly that: the jcstress test
 * {@code PushStopRace} saw it about once in 50,000 races), and a fence on every fork would cost
 * more than the fork itself. A push to the shared queue reads the state once (enough: its offer
 * is a locked increment that a drain waits behind); after a push to its own deque a worker looks
 * at the state, after a fence, whenever it stops running tasks while it is still counted busy,
 * the only case in which a task it queued could be waited on for ever: when its task suspends and
 * when it leaves on stop ({@link #cancelIfStoppedAfterPushes}). Until then the worker itself may still
 * take what it queued; once it is no longer counted, the termination's own drain comes after its
 * decrement of {@code busy}, and sees the task.
 */
final class Lifecycle {
    static final int RUNNING = 0;
    static final int SHUTDOWN = 1;
    static final int STOP = 2;
    static final int TERMINATED = 3;
    private static final String[] NAMES = {"running", "shutting down", "stopping", "terminated"};
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Lifecycle.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final TaskQueues queues;
    private final Runnable onTerminated;
    private final PaddedAtomicLong busy = new PaddedAtomicLong();
    private final PaddedAtomicLong inflight = new PaddedAtomicLong();
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    /** @param onTerminated run once by the thread that terminates the pool, after the last drain */
    Lifecycle(String name, TaskQueues queues, Runnable onTerminated) {
        this.name = name;
        this.queues = queues;
        this.onTerminated = onTerminated;
    }

    int state() {
        return (int) STATE.getVolatile(this);
    }

    boolean isStopping() {
        return state() >= STOP;
    }

    boolean isTerminated() {
        return state() == TERMINATED;
    }

    void advanceTo(int target) {
        for (;;) {
            int s = state();
            if (s >= target || STATE.compareAndSet(this, s, target)) {
                return;
            }
        }
    }

    /** Queues an external task, unless the pool is shut down. */
    void submit(Runnable task) {
        inflight.incrementAndGet();
        Sim.point("run: inflight up");
        try {
            if (state() != RUNNING) {
                throw rejected();
            }
            Sim.point("run: state checked");
            queues.pushExternal(task);
            Sim.point("run: pushed");
        } finally {
            if (inflight.decrementAndGet() == 0 && state() != RUNNING) {
                tryTerminate();
            }
        }
        cancelIfStopped(); // after the decrement, a full fence behind the push
    }

    void busyUp() {
        busy.incrementAndGet();
    }

    /** Counts a worker out of busy; the decrement that reaches zero after a shutdown terminates. */
    void busyDown() {
        if (busy.decrementAndGet() == 0) {
            tryTerminate();
        }
    }

    void setBusy(int n) {
        busy.set(n);
    }

    /**
     * Terminates once nothing can run or enqueue a task any more: cancels what is left queued,
     * then runs {@code onTerminated} (which wakes the workers so that they exit). Idempotent.
     */
    void tryTerminate() {
        for (;;) {
            int s = state();
            if (s == RUNNING || s == TERMINATED) {
                return;
            }
            Sim.point("tryTerminate: state read");
            if (inflight.get() != 0) {
                return;
            }
            Sim.point("tryTerminate: inflight is 0");
            if (s == SHUTDOWN && queues.hasQueuedWork()) {
                return;
            }
            Sim.point("tryTerminate: queues checked");
            if (busy.get() != 0) {
                return;
            }
            Sim.point("tryTerminate: busy is 0");
            if (STATE.compareAndSet(this, s, TERMINATED)) {
                break;
            }
        }
        Sim.point("tryTerminate: TERMINATED");
        List<Runnable> late = new ArrayList<>();
        queues.drainQueued(late); // only tasks that raced shutdownNow can be left here
        Sim.point("tryTerminate: late tasks drained");
        abandon(late);
        onTerminated.run();
    }

    /** shutdownNow's first half: stops the pool and cancels what is queued; returns it. */
    List<Runnable> stop() {
        advanceTo(STOP);
        Sim.point("shutdownNow: STOP");
        List<Runnable> dropped = new ArrayList<>();
        queues.drainQueued(dropped);
        Sim.point("shutdownNow: drained");
        abandon(dropped);
        return dropped;
    }

    /**
     * For a worker that may have queued tasks and stops running tasks for a while (its task
     * suspends, or it leaves on stop): a full fence behind its pushes, then
     * {@link #cancelIfStopped} (see the overview).
     */
    void cancelIfStoppedAfterPushes() {
        VarHandle.fullFence();
        cancelIfStopped();
    }

    /** After a push and a full fence: cancels what is queued if the pool stopped meanwhile (see the overview). */
    void cancelIfStopped() {
        if (state() >= STOP) {
            List<Runnable> late = new ArrayList<>();
            queues.drainQueued(late);
            abandon(late);
        }
    }

    private void abandon(List<Runnable> tasks) {
        CancellationException reason = null;
        for (Runnable r : tasks) {
            if (r instanceof PendingTask p) {
                if (reason == null) {
                    reason = new CancellationException("pool '" + name + "' was shut down before the task started");
                }
                p.abandon(reason);
            }
        }
    }

    RejectedExecutionException rejected() {
        return new RejectedExecutionException("pool '" + name + "' is shut down; task rejected");
    }

    @Override
    public String toString() {
        return NAMES[state()] + ", busy=" + busy.get() + ", inflight=" + inflight.get();
    }
}
