package dev.tidepool.runners;

import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.util.PaddedAtomicLong;

/**
 * A pool's workers: what each asks for next ({@link WorkerHost}), idling and wake-ups, the hand-off
 * of a suspending worker's slot, spares and helpers, and the end of the workers once the pool
 * terminates.
 *
 * <p>Implementation overview.
 * <ul>
 * <li><b>Slots.</b> A pool of K workers has K core {@link Slot}s, each held by one worker thread.
 * A worker whose task suspends hands its slot to a spare (or a new worker) before parking, so K
 * workers stay runnable; once its task returns it has no slot, and becomes a spare (at most K are
 * kept) or exits. Workers stuck in JDK waits get helpers ({@link Helpers}).
 * <li><b>Idling.</b> A worker with nothing to do marks its slot IDLE, counts itself out of
 * {@code busy} ({@link Lifecycle}), re-checks the queues and parks. A submitter enqueues and
 * then, if {@code idleCount > 0}, counts an idle worker into {@code busy} and CASes its slot from
 * IDLE to SIGNALLED, then unparks it: the count comes first, since once SIGNALLED the worker may
 * run (a stray permit wakes it early) and even leave on stop. Each side writes then reads the
 * other's variable with sequentially consistent accesses, so no wake-up is lost: the shared
 * queues' offer is a locked increment, and a push onto a deque (a release store) is followed by
 * a full fence before the counts are read.
 * <li><b>Searching.</b> A worker whose first look finds nothing counts itself as searching while it
 * spins; submitters wake no idle worker while someone searches, and a searcher that finds a task
 * hands the search on if more work is queued, so a burst of spawns wakes workers one at a time.
 * <li><b>Time slices.</b> A task from outside queued while no worker is idle or searching raises
 * the pool's {@link SliceRequest}, and so does the budget when a fiber of the pool waits for a
 * core while every carrier runs. While it is up, a worker reads the clock at every 16th
 * preemption point and task boundary; once it has run for a slice ({@code sliceNanos}, 1 ms by default) without
 * taking turns it calls {@link #sliceOver}: in a work-stealing pool with a task from outside
 * waiting, it moves its core slot's deque to a floating slot of its own and hands the core slot
 * to a spare or new worker, exactly as a suspension does, then yields; the new worker finds an
 * empty deque and takes the waiting task. The job goes on as a fiber with a floating slot and
 * takes turns with the pool's other fibers at its preemption points. At a task boundary, a
 * worker past its slice takes from the injection queue before its own deque. The busy count
 * does not change (the hand-off counts the new worker in, as a suspension's does), so shutdown
 * and termination see the set-aside job as a running task; the deque's tasks are on the worker's
 * own stack between the pop and the push, and the worker checks for a stop after the move, as
 * after any push.
 * <li><b>Ending.</b> When the pool terminates, {@link #terminated} unparks every worker and spare;
 * each sees the state and exits, and the last one to exit counts the termination latch down.
 * </ul>
 *
 * <p>Memory ordering: {@code Slot.owner} and {@code Worker.assigned} are volatile and written
 * before the worker they name is started or unparked; the counters are atomics used with
 * sequentially consistent accesses, each alone on its cache line (JCTools' PaddedAtomicLong:
 * written by workers going idle or searching, they must not share a line with what every fork
 * reads, which made fork-join up to 50% slower in JVMs whose allocation put them together); {@code wakeCursor} is a plain field whose lost updates only
 * change where signalWork starts looking.
 */
final class Crew implements WorkerHost {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.runners");
    /** Polls of the queues a worker that found nothing makes, spinning, before it idles. */
    private static final int SEARCH_SPINS = Sim.ENABLED ? 2 : 64;

    private final Runner runner;
    private final CoreBudget budget;
    private final PoolHooks hooks;
    private final TaskQueues queues;
    /** The same queues when they keep a deque per slot, else null. */
    private final StealingQueues stealing;
    private final Lifecycle life;
    final Slot[] core;
    final Helpers helpers;
    private final MpmcArrayQueue<Worker> spares;
    private final PaddedAtomicLong idleCount = new PaddedAtomicLong();
    private final PaddedAtomicLong searching = new PaddedAtomicLong();
    private final PaddedAtomicLong liveWorkers = new PaddedAtomicLong();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicBoolean finished = new AtomicBoolean();
    /** Set once the pool has terminated and its queues were drained. */
    private volatile boolean ended;
    private int wakeCursor;
    /**
     * Set by {@link #start} before any worker runs, but after the pool joined its budget, whose
     * carriers may start helpers from then on: volatile so that they see both.
     */
    private volatile Share share = Share.NONE;
    private volatile ThreadFactory factory;
    /** Up while something of this pool waits for a worker (see {@link #sliceOver}). */
    final SliceRequest slice = new SliceRequest();
    /** The time slice in ns; 0 when slicing is off. */
    private final long sliceNanos;

    Crew(Runner runner, CoreBudget budget, PoolHooks hooks, TaskQueues queues, Slot[] core, Lifecycle life,
            long sliceNanos) {
        this.runner = runner;
        this.sliceNanos = budget == null ? 0 : sliceNanos;
        this.budget = budget;
        this.hooks = hooks;
        this.queues = queues;
        this.stealing = queues instanceof StealingQueues q ? q : null;
        this.core = core;
        this.life = life;
        this.helpers = new Helpers(core);
        this.spares = new MpmcArrayQueue<>(Math.max(2, core.length));
    }

    /** Joins the budget (as {@code member}, with {@code weight}) and starts the core workers. */
    void start(BudgetMember member, int weight) {
        String prefix = runner.name() + ".worker.";
        if (budget != null) {
            share = budget.join(member, weight);
            factory = Fibers.builder(budget.executor(share)).name(prefix, 0).factory();
        } else {
            factory = Thread.ofPlatform().daemon().name(prefix, 0).factory();
        }
        life.setBusy(core.length);
        for (Slot s : core) {
            startWorker(s);
        }
    }

    Share share() {
        return share;
    }

    // ------------------------------------------------------------ WorkerHost

    @Override
    public Runnable next(Worker w) {
        for (;;) {
            Slot s = w.slot;
            if (s != null && s.floating) { // the task it was given for has returned
                releaseFloating(w, s);
                s = null;
            }
            if (s == null) { // its task suspended, handed the slot over and has returned
                if (!becomeSpare(w)) {
                    return null;
                }
                w.restartQuantum();
                continue;
            }
            Sim.point("loop: next");
            if (life.isStopping()) {
                leaveOnStop(w, s);
                return null;
            }
            if (s.helperFor != null && !Helpers.stillNeeded(s)) {
                retireHelper(w, s);
                continue;
            }
            Runnable task = take(s, w);
            Sim.point("loop: took");
            if (task != null) {
                return task;
            }
            if (s.helperFor != null) { // helpers never idle: they only drain queued work
                retireHelper(w, s);
                continue;
            }
            if (!idle(s)) {
                return null;
            }
            w.restartQuantum();
        }
    }

    @Override
    public void push(Worker w, Runnable task) {
        if (life.isStopping()) {
            throw life.rejected();
        }
        Sim.point("runFromWorker: state checked");
        Slot s = w.slot;
        // The hot path of every fork: kept small so that it is inlined into ForkJoin.both.
        boolean wake = s != null ? queues.pushLocal(s, task) : pushWithoutSlot(w, task);
        Sim.point("runFromWorker: pushed");
        if (s == null || s.deque == null) {
            // Pushed to the shared queue, whose offer is a locked increment: one read of the state
            // then suffices. A push to the worker's own deque is not fenced, so reading here would
            // prove nothing; this worker looks when it suspends or leaves (Lifecycle's overview).
            life.cancelIfStopped();
        }
        if (wake) {
            // The push published the task with a release store; signalWork reads the idle and
            // searching counts. Without a full fence between the two a worker going idle can read
            // the deque as empty while this read misses it (store-buffer), and it sleeps on the task.
            VarHandle.fullFence();
            signalWork();
        }
    }

    /**
     * The push of a worker whose task came back from a suspension without its slot: to a floating
     * slot of its own in a work-stealing pool, else to the shared queue. Returns whether to wake a
     * worker.
     */
    private boolean pushWithoutSlot(Worker w, Runnable task) {
        if (stealing != null && budget != null) {
            Slot f = helpers.addFloating(w); // a deque of its own again
            w.slot = f;
            return queues.pushLocal(f, task);
        }
        queues.pushExternal(task);
        return true;
    }

    @Override
    public void suspending(Worker w) {
        life.cancelIfStoppedAfterPushes(); // before the task can wait on what it queued
        Slot s = w.slot;
        if (s != null && budget != null && !s.floating) { // not on a single ordered platform thread
            w.slot = null;
            handOff(s); // a floating slot stays: the core slots are all held already
        }
    }

    @Override
    public void taskFailed(Throwable e) {
        Consumer<? super Throwable> handler = hooks.onException();
        try {
            if (handler != null) {
                handler.accept(e);
            } else {
                logFailure(e);
            }
        } catch (Throwable handlerFailure) {
            handlerFailure.addSuppressed(e);
            logFailure(handlerFailure);
        }
    }

    @Override
    public void started(Worker w) {
        callHook(hooks.onThreadStart(), w);
    }

    @Override
    public void exited(Worker w) {
        callHook(hooks.onThreadExit(), w);
        // Either this exit or terminated() sees the other's write (both volatile), so one finishes.
        if (liveWorkers.decrementAndGet() == 0 && ended) {
            finish();
        }
    }

    @Override
    public Runner runner() {
        return runner;
    }

    // ------------------------------------------------------------ taking work and idling

    private Runnable take(Slot s, Worker w) {
        Runnable t;
        if (stealing != null && slice.isUp() && w.tick() && w.sliceEnded(sliceNanos)) {
            w.restartQuantum();
            t = stealing.pollOutsideFirst(s, w); // Tokio's global queue interval, by time
        } else {
            t = queues.poll(s, w);
        }
        if (t != null) {
            return t;
        }
        searching.incrementAndGet();
        for (int i = 0; t == null && i < SEARCH_SPINS; i++) {
            Thread.onSpinWait();
            Sim.point("take: spin");
            t = queues.poll(s, w);
        }
        if (searching.decrementAndGet() == 0 && t != null && queues.hasQueuedWork()) {
            signalWork();
        }
        return t;
    }

    /**
     * Wakes one idle worker if there is one and nobody is searching already, else nudges the
     * budget; true if a worker will look at the queues (one searches, or was woken).
     */
    boolean signalWork() {
        if (searching.get() > 0) {
            return true; // a searcher re-checks the queues before it parks
        }
        if (idleCount.get() > 0) {
            Slot[] c = core;
            int start = (wakeCursor++ & Integer.MAX_VALUE) % c.length;
            for (int i = 0; i < c.length; i++) {
                Slot s = c[(start + i) % c.length];
                if (s.idleState() == Slot.IDLE) {
                    life.busyUp(); // before the signal: once SIGNALLED the worker may run
                    Sim.point("signalWork: counted");
                    if (s.casIdleState(Slot.IDLE, Slot.SIGNALLED)) {
                        Sim.point("signalWork: slot signalled");
                        idleCount.decrementAndGet();
                        LockSupport.unpark(s.owner.thread);
                        return true;
                    }
                    life.busyDown();
                }
            }
        }
        if (budget != null) {
            budget.nudge();
        }
        return false;
    }

    /**
     * After a task from outside was queued: wakes a worker, or, when every worker runs, asks them
     * to make room once their slice is over.
     */
    void submitted() {
        if (!signalWork() && stealing != null && sliceNanos > 0) {
            slice.raise();
        }
    }

    /** The budget has a fiber of this pool waiting for a core while every carrier runs. */
    void coresWanted() {
        if (sliceNanos > 0) {
            slice.raise();
        }
    }

    /**
     * Whether the slice request is up and {@code w}, at a preemption point, has run for a slice:
     * the caller then calls {@link #sliceOver}.
     */
    @Override
    public boolean sliceWanted(Worker w) {
        return slice.isUp() && w.sliceEnded(sliceNanos);
    }

    /**
     * A preemption point of {@code w} (on its thread) while something waits and {@code w} has run
     * for a slice. If a task from outside waits and {@code w} holds a core slot, {@code w} sets
     * its job aside: its deque goes to a floating slot of its own, its core slot (now empty) to a
     * spare or new worker, which takes the waiting task, and {@code w} yields its core to it; the
     * job goes on as one more fiber of the pool, taking turns with the others. Else, if fibers of
     * the pool wait for a core, {@code w} yields to them. Else nothing waits any more: the
     * request is lowered (and raised again if something came meanwhile).
     */
    @Override
    public void sliceOver(Worker w) {
        if (stealing != null && !stealing.injectionEmpty() && setAside(w)) {
            Thread.yield();
        } else if (!share.isEmpty()) {
            Thread.yield(); // the continuation goes to the back of the share's queue
        } else if (slice.lower() && (stealing != null && !stealing.injectionEmpty() || !share.isEmpty())) {
            slice.raise();
        }
        w.restartQuantum();
    }

    private boolean setAside(Worker w) {
        Slot s = w.slot;
        if (s == null || s.floating || s.helperFor != null || life.isStopping()) {
            return false;
        }
        Slot f = helpers.addFloating(w);
        stealing.moveDeque(s, f);
        w.slot = f;
        Sim.point("setAside: deque moved");
        handOff(s);
        Sim.point("setAside: slot handed off");
        life.cancelIfStoppedAfterPushes(); // the moved tasks may have escaped shutdownNow's drain
        return true;
    }

    /** Parks the worker holding {@code s} until there is work (true) or the pool stops (false). */
    boolean idle(Slot s) {
        s.setIdleState(Slot.IDLE);
        Sim.point("idle: marked");
        idleCount.incrementAndGet();
        Sim.point("idle: idleCount up");
        life.busyDown();
        Sim.point("idle: busy down");
        if (queues.hasQueuedWork()) {
            leaveIdle(s);
            return true;
        }
        Sim.point("idle: queues empty");
        while (s.idleState() == Slot.IDLE) {
            if (life.isStopping()) {
                leaveIdle(s);
                Sim.point("idle: left on stop");
                life.busyDown();
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
        life.busyUp();
        Sim.point("leaveIdle: counted");
        if (s.casIdleState(Slot.IDLE, Slot.ACTIVE)) {
            idleCount.decrementAndGet();
        } else {
            s.setIdleState(Slot.ACTIVE);
            life.busyDown(); // the signaller counted us already
        }
    }

    // ------------------------------------------------------------ hand-off, spares, helpers

    private void handOff(Slot s) {
        life.busyUp();
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

    /** A worker without a slot waits as a spare for one (true) or exits (false). */
    private boolean becomeSpare(Worker w) {
        boolean kept = !life.isStopping() && spares.offer(w);
        Sim.point("becomeSpare: offered");
        life.busyDown();
        return kept && w.waitForSlot(life::isTerminated);
    }

    private void leaveOnStop(Worker w, Slot s) {
        w.slot = null;
        if (s.floating) {
            stealing.evacuate(s); // termination's last drain cancels what is left
            helpers.remove(s);
        } else if (s.helperFor != null) {
            helpers.remove(s);
        }
        Sim.point("leaveOnStop: slot dropped");
        life.cancelIfStoppedAfterPushes(); // what this worker queued may have escaped shutdownNow's drain
        life.busyDown();
    }

    /** Unlists the floating slot of {@code w} once its task returned, moving leftovers to the shared queue. */
    private void releaseFloating(Worker w, Slot f) {
        boolean left = !f.deque.isEmpty();
        stealing.evacuate(f);
        helpers.remove(f);
        w.slot = null;
        if (left) {
            signalWork();
        }
    }

    private void retireHelper(Worker w, Slot h) {
        helpers.remove(h);
        w.slot = null;
        if (queues.hasQueuedWork()) {
            signalWork();
        }
    }

    /** Called by an idle carrier: starts a helper for a worker stuck in a JDK wait, if needed. */
    boolean compensate() {
        if (life.isStopping() || !queues.hasQueuedWork()) {
            return false;
        }
        Slot blocked = helpers.blocked();
        Slot h = blocked == null ? null : helpers.add(blocked);
        if (h == null) {
            return false;
        }
        handOff(h);
        return true;
    }

    // ------------------------------------------------------------ shutdown and the end

    /**
     * shutdownNow's second half: interrupts every worker that holds a slot, which ends the waits
     * of running tasks and wakes idle workers (an idle or spare worker clears the interrupt and
     * sees the stop). Not only those that look in a task: a worker's mark that it started a task
     * is a release store that this read may not see yet, and the task would then miss its
     * interrupt and block for ever in a JDK wait begun right after.
     */
    void interruptAll() {
        for (Slot s : helpers.all()) {
            Worker w = s.owner;
            if (w != null) {
                w.thread.interrupt();
            }
            Sim.point("shutdownNow: woke a worker");
        }
    }

    /** Run once by the thread that terminated the pool: wakes every worker and spare so they exit. */
    void terminated() {
        ended = true; // termination waits for this: the futures of the late tasks are cancelled
        for (Slot s : helpers.all()) {
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
        if (finished.compareAndSet(false, true)) {
            slice.lower();
            if (budget != null) {
                budget.leave(share);
            }
            terminated.countDown();
        }
    }

    CountDownLatch termination() {
        return terminated;
    }

    /** Workers in a task right now (a snapshot). */
    int runningCount() {
        int running = 0;
        for (Slot s : helpers.all()) {
            Worker w = s.owner;
            if (w != null && w.inTask()) {
                running++;
            }
        }
        return running;
    }

    @Override
    public String toString() {
        return "idle=" + idleCount.get() + ", live=" + liveWorkers.get() + ", helpers=" + helpers.count();
    }

    private void startWorker(Slot s) {
        Worker w = new Worker(this, share, s);
        w.thread = factory.newThread(w); // before the volatile publication below: whoever finds w in a slot sees its thread
        s.owner = w;
        Sim.point("startWorker: owner published");
        liveWorkers.incrementAndGet();
        w.thread.start();
    }

    private void callHook(Consumer<? super Thread> hook, Worker w) {
        if (hook != null) {
            try {
                hook.accept(w.thread);
            } catch (Throwable e) {
                taskFailed(e);
            }
        }
    }

    private void logFailure(Throwable e) {
        LOG.log(System.Logger.Level.WARNING, "task failed on pool '" + runner.name() + "'", e);
    }
}
