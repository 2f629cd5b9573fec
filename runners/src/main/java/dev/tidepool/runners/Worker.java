package dev.tidepool.runners;

import dev.tidepool.futures.spi.PendingTask;
import dev.tidepool.futures.spi.Suspension;
import dev.tidepool.runners.spi.WorkerQueue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The body and context of one worker thread (a virtual thread on the pool's core budget, or a
 * platform thread for {@link Background}). It runs tasks directly, one after another, while it
 * holds a {@link Slot}. When its task suspends in {@code Fut.await} it hands the slot to a spare
 * or new worker ({@link #beforeSuspend}), finishes the task once resumed, and then becomes a spare
 * itself or exits.
 */
final class Worker implements Runnable, Suspension.Hook, WorkerQueue {
    /** Longest run of tasks before a worker lets other fibers waiting for a carrier go first. */
    private static final long QUANTUM_NANOS = 1_000_000L;
    /** How many of its newest tasks a worker searches for the one it awaits. */
    private static final int INLINE_SCAN = 16;
    /**
     * How many awaited tasks a worker runs inline, one inside the other, before it suspends
     * instead: each level costs stack frames, and a chain of tasks each awaiting the one it spawned
     * would otherwise overflow the stack. Suspension needs no stack, so any depth completes.
     */
    static final int MAX_INLINE_DEPTH = 64;
    private static final VarHandle IN_TASK;

    static {
        try {
            IN_TASK = MethodHandles.lookup().findVarHandle(Worker.class, "inTask", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Pool pool;
    Thread thread;
    /** The slot held; read and written by this worker only (and set before it starts). */
    Slot slot;
    /** A slot given to this worker while it is a spare; null otherwise. */
    volatile Slot assigned;
    /** Whether a task is running; read by compensation on other threads (release/acquire). */
    @SuppressWarnings("unused") // accessed through IN_TASK
    private boolean inTask;
    private long quantumStart;
    private int seed;
    /** Awaited tasks this worker's thread is running inline right now, nested. */
    private int inlineDepth;

    Worker(Pool pool, Slot slot) {
        this.pool = pool;
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
        pool.workerStarted(this);
        try {
            loop();
        } finally {
            Suspension.install(null);
            pool.workerExited(this);
        }
    }

    private void loop() {
        quantumStart = System.nanoTime();
        for (;;) {
            Slot s = slot;
            if (s == null) {
                if (!pool.becomeSpare(this)) {
                    return;
                }
                quantumStart = System.nanoTime();
                continue;
            }
            Sim.point("loop: next");
            if (pool.isStopping()) {
                pool.leaveOnStop(this, s);
                return;
            }
            if (s.helperFor != null && !pool.helperStillNeeded(s)) {
                pool.retireHelper(this, s);
                continue;
            }
            Runnable task = pool.take(s, this);
            Sim.point("loop: took");
            if (task != null) {
                runTask(task);
                continue;
            }
            if (s.helperFor != null) { // helpers never idle: they only drain queued work
                pool.retireHelper(this, s);
                continue;
            }
            if (!pool.idle(s)) {
                return;
            }
            quantumStart = System.nanoTime();
        }
    }

    private void runTask(Runnable task) {
        IN_TASK.setRelease(this, true);
        try {
            task.run();
        } catch (Throwable e) {
            pool.taskFailed(e);
        } finally {
            IN_TASK.setRelease(this, false);
        }
        Thread.interrupted(); // an interrupt belongs to the task that received it, not the next one
        if (pool.othersWaitForCarrier()) {
            long now = System.nanoTime();
            if (now - quantumStart > QUANTUM_NANOS) {
                Thread.yield();
                quantumStart = System.nanoTime();
            }
        }
    }

    boolean inTask() {
        return (boolean) IN_TASK.getAcquire(this);
    }

    /** Parks as a spare until given a slot (true) or until the pool terminates (false). */
    boolean waitForSlot() {
        for (;;) {
            Slot s = assigned;
            if (s != null) {
                assigned = null;
                slot = s;
                return true;
            }
            Sim.point("waitForSlot: none assigned");
            if (pool.isTerminatedState()) {
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

    @Override
    public Runner runner() {
        return pool;
    }

    @Override
    public void push(Runnable task) {
        pool.runFromWorker(this, task);
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
    public boolean runInline(Object fut) {
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

    private boolean runNested(PendingTask p, Object fut) {
        inlineDepth++;
        try {
            return p.runInlineFor(fut);
        } finally {
            inlineDepth--;
        }
    }

    @Override
    public void beforeSuspend() {
        Slot s = slot;
        if (s != null && pool.handsOffOnSuspend()) {
            slot = null;
            pool.handOff(s);
        }
    }

    @Override
    public void afterResume() {
        // The task goes on without a slot; the loop retires this worker once the task returns.
    }

    @Override
    public String runnerName() {
        return pool.name();
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
