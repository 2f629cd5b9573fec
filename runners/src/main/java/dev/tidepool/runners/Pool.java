package dev.tidepool.runners;

import dev.tidepool.futures.spi.PendingTask;
import dev.tidepool.futures.spi.TaskTrace;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jctools.queues.MpmcArrayQueue;

/**
 * What the pools share: workers, idling, suspension hand-off, compensation and the lifecycle.
 * Subclasses decide where tasks are queued.
 *
 * <p>Implementation overview.
 * <ul>
 * <li><b>Workers.</b> A pool of K workers has K core {@link Slot}s, each held by one worker thread
 * that runs tasks directly. A worker whose task suspends in {@code Fut.await} hands its slot to a
 * spare worker (or a new one) before parking, so K workers stay runnable; once its task returns it
 * becomes a spare (at most K are kept) or exits.
 * <li><b>Compensation.</b> A task that blocks inside the JDK (a j.u.c lock, sleep, a socket) does
 * not tell the pool. An idle carrier of the budget calls {@link #compensate()}: if the pool has
 * queued work and a slot's worker is in a task and in state WAITING/TIMED_WAITING/BLOCKED, a
 * helper slot is added that drains queued work until that worker runs again, then retires. A
 * helper's task may block too and get a helper of its own: there is no limit, since each helper
 * is a virtual thread and a slot without a deque (a few hundred bytes), and a limit would turn
 * enough blocked tasks into a silent hang of the task that would release them.
 * <li><b>Idling.</b> A worker with nothing to do marks its slot IDLE, counts itself out of
 * {@code busy}, re-checks the queues, and parks. A submitter enqueues and then, if
 * {@code idleCount > 0}, CASes one IDLE slot to SIGNALLED and unparks its worker. Each side writes
 * then reads the other's variable with sequentially consistent accesses, so no wake-up is lost.
 * <li><b>Shutdown.</b> {@code busy} counts workers that may still run task code; {@code inflight}
 * counts external submitters between their state check and their enqueue. After shutdown the pool
 * terminates when both are zero and the queues are empty: no running task is left to spawn more,
 * and no submitter can enqueue any more. shutdownNow drains the queues, cancels the futures of
 * the drained tasks, interrupts running tasks and terminates once no task runs.
 * </ul>
 */
abstract class Pool implements Runner {
    static final int RUNNING = 0;
    static final int SHUTDOWN = 1;
    static final int STOP = 2;
    static final int TERMINATED = 3;

    private static final System.Logger LOG = System.getLogger("dev.tidepool.runners");
    private static final int SPIN_TRIES = Sim.ENABLED ? 2 : 64;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Pool.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    final CoreBudget budget;
    private final int threads;
    private final boolean fibers;
    private final Consumer<? super Throwable> onException;
    private final Consumer<? super Thread> onThreadStart;
    private final Consumer<? super Thread> onThreadExit;
    private final ThreadFactory factory;

    final Slot[] core;
    /** Core slots followed by helper slots; replaced under the pool's monitor. */
    volatile Slot[] slots;
    private int nextHelperIndex;
    /** Where signalWork starts looking for an idle slot; a plain field, lost updates are harmless. */
    private int wakeCursor;

    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicInteger searching = new AtomicInteger();
    private final AtomicInteger inflight = new AtomicInteger();
    private final AtomicInteger liveWorkers = new AtomicInteger();
    private final MpmcArrayQueue<Worker> spares;
    private final CountDownLatch terminated = new CountDownLatch(1);
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    /** Set once the terminating thread has cancelled the tasks left queued. */
    private volatile boolean lateTasksAbandoned;

    /**
     * @param budget the core budget, or null for platform-thread workers outside any budget
     */
    Pool(String name, int threads, CoreBudget budget, boolean deques, PoolHooks hooks) {
        this.name = Objects.requireNonNull(name, "name");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threads = threads;
        this.budget = budget;
        this.fibers = budget != null;
        this.onException = hooks.onException() != null ? hooks.onException() : this::logFailure;
        this.onThreadStart = hooks.onThreadStart();
        this.onThreadExit = hooks.onThreadExit();
        this.factory = fibers
                ? Fibers.builder(budget.scheduler()).name(name + ".worker.", 0).factory()
                : Thread.ofPlatform().daemon().name(name + ".worker.", 0).factory();
        this.core = new Slot[threads];
        for (int i = 0; i < threads; i++) {
            core[i] = new Slot(i, deques, null);
        }
        this.slots = core;
        this.nextHelperIndex = threads;
        this.spares = new MpmcArrayQueue<>(Math.max(2, threads));
    }

    /** Registers with the budget and starts the workers; called once the subclass is built. */
    @SuppressWarnings("unchecked")
    final <P extends Pool> P start() {
        if (budget != null) {
            budget.register(this);
        }
        PoolGauges.register(this);
        busy.set(threads);
        for (Slot s : core) {
            startWorker(s);
        }
        return (P) this;
    }

    // ------------------------------------------------------------ queueing, per pool kind

    /** Next task for the worker holding {@code s}, or null if none was found. */
    abstract Runnable poll(Slot s, Worker w);

    /**
     * Queues a task spawned by the worker holding {@code s}; returns whether idle workers should be
     * woken for it.
     */
    abstract boolean pushLocal(Slot s, Runnable task);

    /** Queues a task from any other thread. */
    abstract void pushExternal(Runnable task);

    abstract boolean hasQueuedWork();

    abstract int queuedCount();

    /** Removes every queued task into {@code out}. */
    abstract void drainQueued(List<Runnable> out);

    // ------------------------------------------------------------ Runner

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return threads;
    }

    @Override
    public int numTasks() {
        return queuedCount() + runningCount();
    }

    /** Workers in a task right now (a snapshot). */
    final int runningCount() {
        int running = 0;
        for (Slot s : slots) {
            Worker w = s.owner;
            if (w != null && w.inTask()) {
                running++;
            }
        }
        return running;
    }

    @Override
    public void run(Runnable task) {
        task = TaskTrace.wrap(Objects.requireNonNull(task, "task"));
        Worker w = Worker.current();
        if (w != null && w.pool == this) {
            runFromWorker(w, task);
            return;
        }
        inflight.incrementAndGet();
        Sim.point("run: inflight up");
        try {
            if (state() != RUNNING) {
                throw rejected();
            }
            Sim.point("run: state checked");
            pushExternal(task);
            Sim.point("run: pushed");
            cancelIfStopped();
        } finally {
            if (inflight.decrementAndGet() == 0 && state() != RUNNING) {
                tryTerminate();
            }
        }
        Sim.point("run: inflight down");
        signalWork();
    }

    /** Queues a task spawned by worker {@code w} of this pool: to its own deque when it has one. */
    final void runFromWorker(Worker w, Runnable task) {
        if (state() >= STOP) {
            throw rejected();
        }
        Sim.point("runFromWorker: state checked");
        Slot s = w.slot;
        boolean wake = true;
        if (s == null) {
            pushExternal(task);
        } else {
            wake = pushLocal(s, task);
        }
        Sim.point("runFromWorker: pushed");
        cancelIfStopped();
        if (wake) {
            signalWork();
        }
    }

    /**
     * Called after a push: if the pool stopped meanwhile, the push may have come after
     * shutdownNow's drain, so this thread drains and cancels what is queued itself. Without it, a
     * task queued then would wait for termination's last drain, and a running task awaiting it
     * would keep the pool from terminating for ever. The pusher writes the queue then reads the
     * state; shutdownNow writes the state then drains: one of them sees the task.
     */
    private void cancelIfStopped() {
        if (state() >= STOP) {
            List<Runnable> late = new ArrayList<>();
            drainQueued(late);
            abandon(late);
        }
    }

    /**
     * {@inheritDoc} A task of a runner that cannot suspend (a {@link Background}) calling this on
     * its own runner would wait for a task queued behind itself, for ever: that is refused.
     *
     * @throws IllegalStateException when called by a task of this runner on its single thread
     */
    @Override
    public <T> T runWaitBlock(Callable<T> task) {
        Worker w = Worker.current();
        if (w != null && w.pool == this && !handsOffOnSuspend()) {
            throw new IllegalStateException("runWaitBlock called by a task of '" + name + "', which runs one task at a"
                    + " time on one thread: it would wait for itself; call the task directly instead");
        }
        return Runner.super.runWaitBlock(task);
    }

    @Override
    public boolean isShutdown() {
        return state() != RUNNING;
    }

    @Override
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    @Override
    public void shutdown() {
        advanceTo(SHUTDOWN);
        Sim.point("shutdown: SHUTDOWN");
        tryTerminate();
        Worker w = Worker.current();
        if (w != null && w.pool == this) {
            return; // a task of this pool cannot wait for the pool to finish
        }
        Uninterruptibly.await(terminated);
    }

    @Override
    public List<Runnable> shutdownNow() {
        advanceTo(STOP);
        Sim.point("shutdownNow: STOP");
        List<Runnable> dropped = new ArrayList<>();
        drainQueued(dropped);
        Sim.point("shutdownNow: drained");
        abandon(dropped);
        dropped.replaceAll(TaskTrace::unwrap);
        for (Slot s : slots) {
            Worker w = s.owner;
            if (w != null) {
                if (w.inTask()) {
                    w.thread.interrupt();
                } else {
                    LockSupport.unpark(w.thread);
                }
            }
            Sim.point("shutdownNow: woke a worker");
        }
        tryTerminate();
        return dropped;
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        String[] states = {"running", "shutting down", "stopping", "terminated"};
        return getClass().getSimpleName() + "[" + name + ", " + threads + " workers, "
                + states[state()] + ", ~" + numTasks() + " tasks, busy=" + busy.get() + ", idle="
                + idleCount.get() + ", inflight=" + inflight.get() + ", live=" + liveWorkers.get() + ", helpers=" + (slots.length - core.length) + "]";
    }

    // ------------------------------------------------------------ for workers

    /**
     * The next task for the worker holding {@code s}. When its first look finds nothing, the worker
     * counts itself as searching while it spins; submitters wake no idle worker while someone
     * searches, and a searcher that finds a task hands the search on to an idle worker if more
     * work is queued, so a burst of spawns wakes workers one at a time, not one per task.
     */
    final Runnable take(Slot s, Worker w) {
        Runnable t = poll(s, w);
        if (t != null) {
            return t;
        }
        searching.incrementAndGet();
        for (int i = 0; t == null && i < SPIN_TRIES; i++) {
            Thread.onSpinWait();
            Sim.point("take: spin");
            t = poll(s, w);
        }
        if (searching.decrementAndGet() == 0 && t != null && hasQueuedWork()) {
            signalWork();
        }
        return t;
    }

    /**
     * Wakes one idle worker if there is one and nobody is searching already, else asks the budget
     * to check for blocked workers. The caller has just made a task visible; a searcher that stops
     * searching re-checks the queues before parking (see {@link #idle}), so the task is not lost.
     */
    final void signalWork() {
        if (searching.get() > 0) {
            return;
        }
        if (idleCount.get() > 0) {
            Slot[] c = core;
            int start = (wakeCursor++ & Integer.MAX_VALUE) % c.length; // racy on purpose: only spreads wake-ups
            for (int i = 0; i < c.length; i++) {
                Slot s = c[(start + i) % c.length];
                if (s.idleState() == Slot.IDLE) {
                    // Count the worker as busy before it can see the signal: once SIGNALLED it may
                    // run, even leave on stop, before this thread's next step.
                    busy.incrementAndGet();
                    Sim.point("signalWork: counted");
                    if (s.casIdleState(Slot.IDLE, Slot.SIGNALLED)) {
                        Sim.point("signalWork: slot signalled");
                        idleCount.decrementAndGet();
                        LockSupport.unpark(s.owner.thread);
                        return;
                    }
                    busyDown();
                }
            }
        }
        if (budget != null) {
            budget.nudge();
        }
    }

    /**
     * Parks the worker holding {@code s} until there is work (true) or the pool stops (false).
     */
    final boolean idle(Slot s) {
        s.setIdleState(Slot.IDLE);
        Sim.point("idle: marked");
        idleCount.incrementAndGet();
        Sim.point("idle: idleCount up");
        busyDown();
        Sim.point("idle: busy down");
        if (hasQueuedWork()) {
            leaveIdle(s);
            return true;
        }
        Sim.point("idle: queues empty");
        while (s.idleState() == Slot.IDLE) {
            if (state() >= STOP) {
                leaveIdle(s);
                Sim.point("idle: left on stop");
                busyDown();
                return false;
            }
            LockSupport.park(this);
            Thread.interrupted();
        }
        s.setIdleState(Slot.ACTIVE);
        return true;
    }

    /** Cancels our own IDLE mark; if a signaller beat us to it, it already did the counting. */
    private void leaveIdle(Slot s) {
        busy.incrementAndGet();
        Sim.point("leaveIdle: counted");
        if (s.casIdleState(Slot.IDLE, Slot.ACTIVE)) {
            idleCount.decrementAndGet();
        } else {
            s.setIdleState(Slot.ACTIVE);
            busyDown(); // the signaller counted us already
        }
    }

    /**
     * Counts one worker out of {@code busy}. Every decrement goes through here (or checks the same
     * way): the one that reaches zero after a shutdown is the one that terminates the pool.
     */
    private void busyDown() {
        if (busy.decrementAndGet() == 0) {
            tryTerminate();
        }
    }

    final boolean isStopping() {
        return state() >= STOP;
    }

    final boolean isTerminatedState() {
        return state() == TERMINATED;
    }

    /** Whether a suspending task hands its slot over (not on a single ordered platform thread). */
    boolean handsOffOnSuspend() {
        return fibers;
    }

    final boolean othersWaitForCarrier() {
        return budget != null && budget.hasQueuedContinuations();
    }

    /** Gives slot {@code s} of a suspending worker to a spare or a new worker. */
    final void handOff(Slot s) {
        busy.incrementAndGet();
        Sim.point("handOff: busy up");
        Worker spare = spares.poll();
        if (spare != null) {
            s.owner = spare;
            spare.assigned = s;
            LockSupport.unpark(spare.thread);
        } else {
            startWorker(s);
        }
    }

    /** Called by a worker with no slot: waits as a spare for one (true) or exits (false). */
    final boolean becomeSpare(Worker w) {
        boolean kept = state() < STOP && spares.offer(w);
        Sim.point("becomeSpare: offered");
        busyDown();
        return kept && w.waitForSlot();
    }

    /** A worker holding {@code s} leaves because the pool is stopping. */
    final void leaveOnStop(Worker w, Slot s) {
        w.slot = null;
        if (s.helperFor != null) {
            dropHelper(s);
        }
        Sim.point("leaveOnStop: slot dropped");
        busyDown();
    }

    final void taskFailed(Throwable e) {
        try {
            onException.accept(e);
        } catch (Throwable handlerFailure) {
            handlerFailure.addSuppressed(e);
            logFailure(handlerFailure);
        }
    }

    final void workerStarted(Worker w) {
        if (onThreadStart != null) {
            try {
                onThreadStart.accept(w.thread);
            } catch (Throwable e) {
                taskFailed(e);
            }
        }
    }

    final void workerExited(Worker w) {
        if (onThreadExit != null) {
            try {
                onThreadExit.accept(w.thread);
            } catch (Throwable e) {
                taskFailed(e);
            }
        }
        // Either this exit or tryTerminate sees the other's write (both volatile), so one finishes.
        if (liveWorkers.decrementAndGet() == 0 && lateTasksAbandoned) {
            finish();
        }
    }

    // ------------------------------------------------------------ compensation

    /** Called by an idle carrier: starts a helper for a worker stuck in a JDK wait, if needed. */
    final boolean compensate() {
        if (state() >= STOP || !hasQueuedWork()) {
            return false;
        }
        for (Slot s : slots) {
            Worker w = s.owner;
            if (w != null && s.helper == null && w.inTask() && isBlocked(w.thread)) {
                return startHelper(s);
            }
        }
        return false;
    }

    final boolean helperStillNeeded(Slot helper) {
        Worker w = helper.helperFor.owner;
        return w != null && w.inTask() && isBlocked(w.thread);
    }

    /** The helper slot {@code h} goes away; its worker becomes slotless. */
    final void retireHelper(Worker w, Slot h) {
        dropHelper(h);
        w.slot = null;
        if (hasQueuedWork()) {
            signalWork();
        }
    }

    private synchronized boolean startHelper(Slot blocked) {
        if (state() >= STOP || blocked.helper != null) {
            return false;
        }
        Slot h = new Slot(nextHelperIndex++, false, blocked);
        blocked.helper = h;
        Slot[] grown = Arrays.copyOf(slots, slots.length + 1);
        grown[slots.length] = h;
        slots = grown;
        handOff(h);
        return true;
    }

    /** Called by the helper's own worker: unlists helper slot {@code h} (it has no queue of its own). */
    private synchronized void dropHelper(Slot h) {
        h.helperFor.helper = null;
        Slot[] cur = slots;
        for (int i = core.length; i < cur.length; i++) {
            if (cur[i] == h) {
                Slot[] shrunk = new Slot[cur.length - 1];
                System.arraycopy(cur, 0, shrunk, 0, i);
                System.arraycopy(cur, i + 1, shrunk, i, cur.length - i - 1);
                slots = shrunk;
                return;
            }
        }
    }

    private static boolean isBlocked(Thread t) {
        Thread.State st = t.getState();
        return st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING || st == Thread.State.BLOCKED;
    }

    // ------------------------------------------------------------ lifecycle

    private int state() {
        return (int) STATE.getVolatile(this);
    }

    private void advanceTo(int target) {
        for (;;) {
            int s = state();
            if (s >= target || STATE.compareAndSet(this, s, target)) {
                return;
            }
        }
    }

    /** Terminates once nothing can run or enqueue a task any more; idempotent. */
    final void tryTerminate() {
        for (;;) {
            int s = state();
            if (s == RUNNING || s == TERMINATED) {
                return;
            }
            // The order matters: a task moves from a submitter (inflight) to a queue, from a queue
            // to a worker counted in busy (counted before it takes), and from a worker back to a
            // queue (counted until it finds the queues empty). Reading in that order, a task that
            // moves between two reads is seen by the later one.
            Sim.point("tryTerminate: state read");
            if (inflight.get() != 0) {
                return;
            }
            Sim.point("tryTerminate: inflight is 0");
            if (s == SHUTDOWN && hasQueuedWork()) {
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
        drainQueued(late); // only tasks that raced shutdownNow can be left here
        Sim.point("tryTerminate: late tasks drained");
        abandon(late);
        // Termination waits for this: their futures are cancelled before awaitTermination returns.
        lateTasksAbandoned = true;
        for (Slot s : slots) {
            Worker w = s.owner;
            if (w != null) {
                LockSupport.unpark(w.thread);
            }
        }
        for (Worker w; (w = spares.poll()) != null; ) {
            LockSupport.unpark(w.thread);
        }
        if (liveWorkers.get() == 0) {
            finish();
        }
    }

    private void finish() {
        if (terminated.getCount() == 0) {
            return;
        }
        synchronized (terminated) {
            if (terminated.getCount() != 0) {
                if (budget != null) {
                    budget.unregister(this);
                }
                PoolGauges.unregister(this);
                terminated.countDown();
            }
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

    private void startWorker(Slot s) {
        Worker w = new Worker(this, s);
        s.owner = w;
        liveWorkers.incrementAndGet();
        Thread t = factory.newThread(w);
        w.thread = t;
        t.start();
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException("pool '" + name + "' is shut down; task rejected");
    }

    private void logFailure(Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "task failed on pool '" + name + "'", e);
    }
}
