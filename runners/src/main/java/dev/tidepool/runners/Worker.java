package dev.tidepool.runners;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.TaskContext;
import dev.tidepool.futures.spi.PendingTask;
import dev.tidepool.futures.spi.Suspension;
import dev.tidepool.runners.spi.WorkerQueue;
import dev.tidepool.switches.internal.YieldPoints;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The body and context of one worker thread (a virtual thread on the pool's core budget, or a
 * platform thread for {@link Background}). It asks its pool ({@link WorkerHost}) for task after
 * task and runs each directly. When its task suspends in {@code Fut.await} it hands its slot to
 * a spare or new worker ({@link #beforeSuspend}), finishes the task once resumed, and then asks for
 * more like any worker without a slot (the pool makes it a spare or lets it exit).
 *
 * <p>Implementation overview. {@code slot} and {@code inlineDepth} are read and written by this
 * worker only (the pool sets {@code slot} before the worker starts or through {@code assigned},
 * a volatile hand-over read by the worker). {@code inTask} is written by the worker (release) and
 * read by compensation on carriers (acquire). {@code thread} is written once before the thread
 * starts; readers see it through the start or through the volatile {@code Slot.owner} they read
 * it from. Preemption points read the process-wide count of yield requests (one opaque load of a
 * static field) and, only when it is not zero, the share's own.
 */
final class Worker implements Runnable, Suspension.Hook, WorkerQueue {
    /** Longest run of tasks before a worker lets workers of its own pool waiting for a core go first. */
    private static final long QUANTUM_NANOS = 1_000_000L;
    /** How many of its newest tasks a worker searches for the one it awaits. */
    private static final int INLINE_SCAN = 16;
    /**
     * How many awaited tasks a worker runs inline, one inside the other, before it suspends
     * instead: each level costs stack frames, and a chain of tasks each awaiting the one it spawned
     * would otherwise overflow the stack. Suspension needs no stack, so any depth completes.
     */
    static final int MAX_INLINE_DEPTH = 64;
    /** The clock is read at one point in {@code SLICE_TICK_MASK + 1} while a slice request is up. */
    private static final int SLICE_TICK_MASK = Sim.ENABLED ? 0 : 15;
    private static final VarHandle IN_TASK;

    static {
        try {
            IN_TASK = MethodHandles.lookup().findVarHandle(Worker.class, "inTask", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        YieldPoints.install(Worker::yieldCurrent);
    }

    final WorkerHost host;
    /** The pool's part of its budget ({@link Share#NONE} outside budgets). */
    final Share share;
    /**
     * The worker's thread. A plain field read by other threads (signalWork, shutdownNow,
     * termination): it is written once, before the worker is published in a slot's volatile
     * {@code owner} (or offered as a spare through a concurrent queue), and read only through
     * those, so every reader sees it set.
     */
    Thread thread;
    /** The slot held; read and written by this worker only (and set before it starts). */
    Slot slot;
    /** A slot given to this worker while it is a spare; null otherwise. */
    volatile Slot assigned;
    @SuppressWarnings("unused") // accessed through IN_TASK
    private boolean inTask;
    private long quantumStart;
    /** Preemption points passed while a slice request was up: the clock is read at every 16th. */
    private int sliceTicks;
    private int seed;
    /** Awaited tasks this worker's thread is running inline right now, nested. */
    private int inlineDepth;

    Worker(WorkerHost host, Share share, Slot slot) {
        this.host = host;
        this.share = share;
        this.slot = slot;
        this.seed = Sim.ENABLED ? slot.index * 2 + 1 : System.identityHashCode(this) | 1;
    }

    /** The worker running on the calling thread, or null. */
    static Worker current() {
        return Suspension.current() instanceof Worker w ? w : null;
    }

    @Override
    public void run() {
        Suspension.install(this);
        host.started(this);
        try {
            quantumStart = System.nanoTime();
            for (Runnable task; (task = host.next(this)) != null; ) {
                runTask(task);
            }
        } finally {
            Suspension.install(null);
            host.exited(this);
        }
    }

    private void runTask(Runnable task) {
        IN_TASK.setRelease(this, true);
        try {
            task.run();
        } catch (Throwable e) {
            host.taskFailed(e);
        } finally {
            IN_TASK.setRelease(this, false);
        }
        TaskContext.clear(); // task-local values belong to the task, like its interrupt
        Thread.interrupted(); // an interrupt belongs to the task that received it, not the next one
        if (yieldAsked()) {
            preempt(); // a task boundary is a preemption point
        } else if (!share.isEmpty() && quantumElapsed()) {
            Thread.yield(); // workers of this same pool wait for a core: take turns
        }
    }

    private boolean quantumElapsed() {
        long now = System.nanoTime();
        if (now - quantumStart > QUANTUM_NANOS) {
            quantumStart = now;
            return true;
        }
        return false;
    }

    /** Restarts the quantum (the worker got a core back after waiting). */
    void restartQuantum() {
        quantumStart = System.nanoTime();
    }

    boolean inTask() {
        return (boolean) IN_TASK.getAcquire(this);
    }

    /** Parks as a spare until given a slot (true) or until {@code gone} says the pool is done (false). */
    boolean waitForSlot(BooleanSupplier gone) {
        for (;;) {
            Slot s = assigned;
            if (s != null) {
                assigned = null;
                slot = s;
                return true;
            }
            Sim.point("waitForSlot: none assigned");
            if (gone.getAsBoolean()) {
                return false;
            }
            LockSupport.park(this);
            Thread.interrupted();
        }
    }

    /** A cheap random index in [0, n) for choosing a victim to steal from. */
    int nextIndex(int n) {
        int x = seed;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        seed = x;
        return (x & Integer.MAX_VALUE) % n;
    }

    // ------------------------------------------------------------ preemption points

    /**
     * Whether this worker's pool was asked to give a core up. While nobody in the process waits
     * for a core it costs one opaque load of a static field ({@link YieldPoints#anyPending()});
     * only then does it read its own pool's requests.
     */
    private boolean yieldAsked() {
        return YieldPoints.anyPending() && share.yieldRequested();
    }

    /**
     * A preemption point: gives the core up if this worker's pool was asked to, or makes room in
     * its own pool once it has run for a time slice while something of the pool waits (see
     * {@link Crew#sliceOver}). One opaque read while nothing waits anywhere.
     */
    @Override
    public void yieldPoint() {
        if (YieldPoints.anyPending()) {
            pendingPoint();
        }
    }

    private void pendingPoint() {
        if (share.yieldRequested()) {
            preempt();
        } else if (tick() && host.sliceWanted(this)) {
            host.sliceOver(this);
        }
    }

    /**
     * {@link Runner#yieldNow()}: like a preemption point, and also gives the core to a worker of
     * the same pool waiting for one once this worker has run for a quantum.
     */
    void yieldNow() {
        if (yieldAsked()) {
            preempt();
        } else if (YieldPoints.anyPending() && host.sliceWanted(this)) {
            host.sliceOver(this);
        } else if (!share.isEmpty() && quantumElapsed()) {
            Thread.yield();
        }
    }

    /** True at one call in {@code SLICE_TICK_MASK + 1}: when to read the clock while a slice request is up. */
    boolean tick() {
        return (++sliceTicks & SLICE_TICK_MASK) == 0;
    }

    /**
     * Whether this worker has run for {@code sliceNanos} since it last took turns (always, in a
     * simulation or with jitter, so that every point explores the hand-off).
     */
    boolean sliceEnded(long sliceNanos) {
        return Sim.ENABLED || Sim.JITTER || System.nanoTime() - quantumStart >= sliceNanos;
    }

    private void preempt() {
        if (share.takeYield()) {
            Thread.yield(); // the continuation goes to the back of the share's queue
            restartQuantum();
        }
    }

    /** The preemption point of code that does not know its worker (Switch.check, Fut.await). */
    private static void yieldCurrent() {
        Worker w = current();
        if (w != null) {
            w.yieldPoint();
        }
    }

    // ------------------------------------------------------------ WorkerQueue and Suspension.Hook

    @Override
    public Runner runner() {
        return host.runner();
    }

    @Override
    public void push(Runnable task) {
        host.push(this, task);
    }

    /** Pops the newest task of this worker's own deque if it is {@code task}; else puts it back. */
    @Override
    public boolean unpush(Runnable task) {
        Slot s = slot;
        if (s == null || s.deque == null) {
            return false;
        }
        Runnable top = s.deque.pop();
        if (top == task) {
            return true;
        }
        if (top != null) {
            s.deque.push(top);
        }
        return false;
    }

    /**
     * Runs the task that settles {@code fut} here if it is among the newest {@value #INLINE_SCAN}
     * tasks of this worker's own deque and nobody started it (as a ForkJoinPool join does), unless
     * {@value #MAX_INLINE_DEPTH} awaited tasks already run inline on this thread. The
     * task's entry is left for whoever dequeues it, where it does nothing; entries of started
     * tasks on top of the deque are popped right away so that deep inline recursion leaves none.
     */
    @Override
    public boolean runInline(Fut<?> fut) {
        Slot s = slot;
        if (s == null || s.deque == null || inlineDepth >= MAX_INLINE_DEPTH) {
            return false;
        }
        for (int k = 0; k < INLINE_SCAN; k++) {
            Runnable r = s.deque.peek(k);
            if (r == null) {
                return false;
            }
            if (r instanceof PendingTask p && runNested(p, fut)) {
                if (slot == s) { // a suspension inside the task may have handed the slot over
                    for (Runnable top; (top = s.deque.peek(0)) instanceof PendingTask q && q.isStarted(); ) {
                        Runnable popped = s.deque.pop();
                        if (popped != top) { // only a thief's race could do this: keep what we got
                            if (popped != null) {
                                s.deque.push(popped);
                            }
                            break;
                        }
                    }
                }
                return true;
            }
        }
        return false;
    }

    private boolean runNested(PendingTask p, Fut<?> fut) {
        inlineDepth++;
        try {
            return p.runInlineFor(fut);
        } finally {
            inlineDepth--;
        }
    }

    @Override
    public void beforeSuspend() {
        host.suspending(this);
    }

    @Override
    public String runnerName() {
        return host.runner().name();
    }

    @Override
    public int workerIndex() {
        Slot s = slot;
        return s == null ? -1 : s.index;
    }

    @Override
    public String toString() {
        return "Worker[" + (thread == null ? "unstarted" : thread.getName()) + ", " + slot + "]";
    }
}
