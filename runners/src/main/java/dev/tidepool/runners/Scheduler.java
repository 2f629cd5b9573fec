package dev.tidepool.runners;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The scheduler of a core budget: which continuation each carrier runs next, and when a running
 * worker is asked to give its core up.
 *
 * <p>Implementation overview.
 * <ul>
 * <li><b>Queues.</b> Each pool has a {@link Share} with its own MPMC queues of continuations; a
 * pool's virtual threads are scheduled by an executor that offers to them and wakes an idle
 * carrier. A virtual thread that yields (its turn is over) goes to the share's queue of turns,
 * any other (unparked, started) to its queue of woken ones, which a carrier polls first except
 * at one poll in {@link Share#TURNS_EVERY}: a worker woken to start a task waiting in its pool
 * does not wait behind every long job taking turns. The JDK submits a yielding thread's
 * continuation from its carrier, inside the run of that continuation, which is how a submission
 * is told to be a yield. With one share the carrier just polls it; with several it polls the non-empty share
 * with the least virtual runtime (CPU time ÷ weight, as in Linux CFS), so shares that all have
 * work get cores in proportion to their weights.
 * <li><b>Next slot.</b> While one pool uses the budget, a continuation that a task unparks (a
 * promise it settles, a channel value it hands over) does not go to the queue: it goes to the
 * {@code next} slot of the carrier the task runs on, which runs it as soon as the task parks or
 * yields (Go's {@code runnext}; the JDK's scheduler pushes it to the carrier's own queue). The
 * pair of tasks then shares that carrier's cache instead of bouncing between cores, and a
 * producer fills a channel before its consumer drains it: the channel sieve runs about half as
 * many switches of virtual thread. A slot holds one continuation; a newer one pushes the older
 * to the queue. A carrier with nothing else to run, after its spin, takes another carrier's slot
 * (the waker may keep its core for long), and no carrier parks while a slot is full. A carrier
 * that has run slot after slot for {@code NEXT_STREAK_NANOS} while the queue waits sends the
 * next one to the queue instead, so two tasks that wake each other cannot keep it for ever. A
 * yield or a platform thread's unpark submits from outside any task and uses the queue.
 * <li><b>Accounting.</b> While more than one share is registered (or gauges are read), the carrier
 * times each continuation it runs and adds the time to its share. A share's vruntime is raised to
 * {@code floor - WAKE_CREDIT} when it is picked (the floor follows the vruntime of the shares
 * picked), so a pool that was idle is owed up to {@code WAKE_CREDIT} of time, no more.
 * <li><b>Preemption.</b> A virtual thread cannot be taken off its carrier by force; a running
 * worker gives its core up at a preemption point (task boundaries, fork and join, range chunks,
 * await, Switch.check, Runner.yieldNow) when its share has a yield request. A continuation
 * submitted while no carrier is idle asks the share furthest ahead among the running ones to yield
 * (wake-up preemption), if it is ahead of the submitter's share by more than
 * {@code WAKEUP_GRANULARITY}; and while shares wait for cores, a monitor thread ticks every
 * millisecond and asks a running share to yield once its vruntime, its current slice included,
 * is ahead of a waiting one by {@code SLICE_GRANULARITY} (time slices between saturated pools).
 * A slice that began while its pool was alone is not timed, and counts as ahead of any pool that
 * joined since: a worker that runs on and on without parking yields to the newcomer at its next
 * preemption point.
 * A yielding worker's continuation goes to the back of its share's queue of turns.
 * <li><b>Idling.</b> A carrier with nothing to run spins briefly, asks the pools to compensate for
 * workers stuck in JDK waits, then parks: with a 1 ms timeout ("polling") while some pool has
 * queued tasks, since a worker may enter a JDK wait at any time without telling anyone, and
 * without one ("sleeping") otherwise. See {@link Carrier} for the wake-up handshake.
 * <li><b>Retirement.</b> Carriers and the monitor exist only while pools use the budget: a
 * carrier that has found no pool registered for {@code KEEP_ALIVE_NANOS} marks itself retired,
 * under the shares lock and only if there is still none, and exits; the monitor does the same
 * once fewer than two pools are left. {@link #join} restarts what retired, under the same lock,
 * before the new pool starts a worker. So a budget that is never closed costs no thread once its
 * pools have terminated, and nothing changes while a pool is registered.
 * <li><b>Memory ordering.</b> {@code shares} is a copy-on-write array written under a lock and
 * read with one volatile read. The elements of {@code carriers} are replaced (by a restart) only
 * under the lock while no pool is registered; whoever submits a continuation does so for a pool
 * that joined after that, so it reads the current carriers. vruntime, the floor, yield requests
 * and the carriers' current shares are read without locks; each is a hint whose staleness costs
 * a slice of fairness at most, never a lost continuation (those travel through the queues and the
 * wake-up handshake). A next slot is swapped atomically (getAndSet) by its carrier's task and by
 * whoever takes it, so each continuation put there is run exactly once; its owner takes it right
 * after the continuation that put it there returns, and {@link #anyQueued} counts it, so a carrier
 * never parks (and the budget never closes) on a full slot.
 * </ul>
 */
final class Scheduler {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.runners");
    private static final long POLL_NANOS = 1_000_000L;
    /** Looks at the shares' queues a carrier with nothing to run makes, spinning, before it parks. */
    private static final int IDLE_SPINS = 256;
    private static final long TICK_NANOS = 1_000_000L;
    private static final int QUIET_TICKS = 16;
    /** How much time (of a weight-1 share) a pool that was idle may be owed. */
    static final long WAKE_CREDIT = 2_000_000L * Share.SCALE;
    /** A woken share preempts a running one that is ahead of it by more than this. */
    static final long WAKEUP_GRANULARITY = 50_000L * Share.SCALE;
    /** The monitor preempts a running share once it is this far ahead of a waiting one. */
    static final long SLICE_GRANULARITY = 1_000_000L * Share.SCALE;
    /** How long carriers (and the monitor) stay without a pool to serve before they exit. */
    static final long KEEP_ALIVE_NANOS = 1_000_000_000L;

    /** How long a carrier may run continuations from its next slot while its share's queue waits. */
    static final long NEXT_STREAK_NANOS = 1_000_000L;
    /** A virtual thread's {@code carrierThread} field, or null if {@code java.lang} is not open to Tidepool. */
    private static final VarHandle CARRIER_OF = findCarrierField();

    /** Whether pool gauges are read: then wait time is measured too. */
    static volatile boolean measureWaits;

    private final String name;
    final Carrier[] carriers;
    /** Whether the carriers are threads of this scheduler (not the caller, not a simulation). */
    private final boolean ownCarriers;
    private final boolean withMonitor;
    private final Executor simulated;
    private final ReentrantLock sharesLock = new ReentrantLock();
    private volatile Share[] shares = new Share[0];
    private final AtomicInteger idleCarriers = new AtomicInteger();
    private volatile long floor;
    private volatile boolean closed;
    /**
     * The monitor thread while it runs, else null: set when a second pool joins and cleared when
     * it retires, both under the shares lock; read without it only to unpark or join it.
     */
    private volatile Thread monitor;
    private volatile boolean monitorSleeping;

    /** A scheduler with {@code threads} carriers of its own (and a monitor if there are any). */
    Scheduler(String name, int threads, boolean withCarriers) {
        this.name = name;
        this.simulated = null;
        this.ownCarriers = true;
        this.withMonitor = withCarriers;
        this.carriers = new Carrier[threads];
        for (int i = 0; i < threads; i++) {
            carriers[i] = newCarrier(i);
        }
        for (Carrier c : carriers) { // each loop reads the others' next slots: all exist first
            c.thread.start();
        }
        monitorSleeping = true; // started when a second pool joins (see join)
    }

    private Carrier newCarrier(int i) {
        String suffix = withMonitor ? ".carrier." + i : ".monitor";
        return new Carrier(name + suffix, c -> () -> carry(c, () -> mayExit(c)));
    }

    /** A scheduler whose one carrier is the calling thread (see {@link #carry}). */
    Scheduler(String name, Thread caller) {
        this.name = name;
        this.simulated = null;
        this.ownCarriers = false;
        this.withMonitor = false;
        this.carriers = new Carrier[] {new Carrier(caller)};
    }

    /** A scheduler that hands every continuation to {@code simulated} (a simulation test). */
    Scheduler(String name, Executor simulated) {
        this.name = name;
        this.simulated = simulated;
        this.ownCarriers = false;
        this.withMonitor = false;
        this.carriers = new Carrier[0];
    }

    // ------------------------------------------------------------ shares

    Share join(BudgetMember member, int weight) {
        Share s = new Share(member, weight);
        sharesLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("budget " + name + " is closed");
            }
            Share[] grown = CowArrays.with(shares, s);
            shares = grown;
            restartRetiredCarriers();
            if (grown.length >= 2 && withMonitor) { // one pool alone is never preempted: no monitor until there are two
                Thread m = monitor;
                if (m == null) {
                    m = Thread.ofPlatform().daemon().name(name + ".preempt").unstarted(this::monitorLoop);
                    monitor = m;
                    m.start();
                } else if (grown.length == 2) {
                    LockSupport.unpark(m); // it may be waiting to retire
                }
            }
        } finally {
            sharesLock.unlock();
        }
        s.raiseTo(floor); // a new pool starts level with the others, not owed their past
        return s;
    }

    void leave(Share s) {
        sharesLock.lock();
        try {
            Share[] left = CowArrays.without(shares, s, 0);
            shares = left;
            Thread m = monitor;
            if (left.length < 2 && m != null) {
                LockSupport.unpark(m); // so that it stops sleeping and retires in time
            }
            if (left.length == 0 && ownCarriers) {
                // A carrier that went to sleep while the pool was here would sleep for ever; it
                // wrote its state before reading the shares, so one of the two sees the other.
                for (Carrier c : carriers) {
                    c.wake(false);
                }
            }
        } finally {
            sharesLock.unlock();
        }
        s.clearYields();
    }

    /** Under the shares lock: starts a fresh thread for each carrier that retired. */
    private void restartRetiredCarriers() {
        for (int i = 0; i < carriers.length; i++) {
            if (carriers[i].retired) {
                Carrier fresh = newCarrier(i);
                carriers[i] = fresh;
                fresh.thread.start();
            }
        }
    }

    /** Whether {@code c} may leave its loop: the budget closed, or no pool for a keep-alive time. */
    private boolean mayExit(Carrier c) {
        if (closed && shares.length == 0 && !anyQueued()) {
            return true;
        }
        if (shares.length != 0) {
            if (c.unusedSince != 0L) {
                c.unusedSince = 0L;
            }
            return false;
        }
        long now = System.nanoTime();
        if (c.unusedSince == 0L) {
            c.unusedSince = now | 1L; // 0 means "in use"
            return false;
        }
        if (now - c.unusedSince < KEEP_ALIVE_NANOS) {
            return false;
        }
        sharesLock.lock();
        try {
            if (shares.length == 0) {
                c.retired = true; // join starts a fresh carrier in its place
                return true;
            }
        } finally {
            sharesLock.unlock();
        }
        c.unusedSince = 0L;
        return false;
    }

    String poolNames() {
        StringBuilder b = new StringBuilder("[");
        for (Share s : shares) {
            b.append(b.length() > 1 ? ", " : "").append(s.member.name());
        }
        return b.append(']').toString();
    }

    boolean hasShares() {
        return shares.length > 0;
    }

    /** The executor that schedules the virtual threads of share {@code s}. */
    Executor executorFor(Share s) {
        return simulated != null ? simulated : c -> submit(s, c);
    }

    // ------------------------------------------------------------ submission

    private void submit(Share s, Runnable continuation) {
        Carrier here = shares.length == 1 ? carrierRunning(s) : null;
        if (here != null) {
            Carrier.Next displaced = here.swapNext(new Carrier.Next(s, continuation));
            if (displaced == null) {
                wakeOne(true); // a sleeping carrier would not see it; a polling one looks within a tick
                return;
            }
            s = displaced.share(); // the older one goes to the back of the queue
            continuation = displaced.continuation();
        }
        if (measureWaits && s.waitingSince == 0L) {
            s.waitingSince = System.nanoTime();
        }
        if (yielding()) {
            s.offerTurn(continuation); // woken ones go first: a new task starts before turns of long ones
        } else {
            s.queue.offer(continuation);
        }
        if (wakeOne(false)) {
            return;
        }
        s.member.coresWanted(); // its own running workers take turns with it (time slices)
        if (shares.length > 1) {
            preemptFor(s);
            Thread m = monitor;
            if (monitorSleeping && m != null) {
                LockSupport.unpark(m);
            }
        }
    }

    /**
     * Whether the calling thread submits the continuation of a virtual thread that yields: the
     * JDK submits it from the carrier, inside the continuation's run, once it has unmounted.
     */
    private boolean yielding() {
        Thread self = Thread.currentThread();
        if (self.isVirtual()) {
            return false;
        }
        for (Carrier c : carriers) {
            if (c.thread == self) {
                return c.current() != null;
            }
        }
        return false;
    }

    /**
     * The carrier of this scheduler that carries the calling virtual thread, if it runs a
     * continuation of {@code s} now; else null. A virtual thread submits a continuation when it
     * unparks one (the JDK pins it to its carrier for the call); a yield or a platform thread
     * submits from outside, and gets null.
     */
    private Carrier carrierRunning(Share s) {
        Thread self = Thread.currentThread();
        if (CARRIER_OF == null || !self.isVirtual()) {
            return null;
        }
        // Its own field, written by its own mount; it cannot change during the call (pinned).
        Thread t = (Thread) CARRIER_OF.get(self);
        for (Carrier c : carriers) {
            if (c.thread == t) {
                return c.current() == s ? c : null;
            }
        }
        return null;
    }

    private static VarHandle findCarrierField() {
        try {
            Class<?> virtual = Class.forName("java.lang.VirtualThread");
            return MethodHandles.privateLookupIn(virtual, MethodHandles.lookup())
                    .findVarHandle(virtual, "carrierThread", Thread.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Wakes one idle carrier (only a sleeping one if {@code sleepingOnly}); true if one was woken. */
    private boolean wakeOne(boolean sleepingOnly) {
        if (idleCarriers.get() > 0) {
            for (Carrier c : carriers) {
                if (c.wake(sleepingOnly)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Asks a sleeping carrier to look for pools that need compensation. */
    void nudge() {
        wakeOne(true);
    }

    /** Wake-up preemption: asks the running share furthest ahead of {@code q} to yield a core. */
    private void preemptFor(Share q) {
        long most = q.vruntime() + WAKEUP_GRANULARITY;
        Share victim = null;
        for (Carrier c : carriers) {
            Share p = c.current();
            if (p != null && p != q) {
                long v = p.vruntime();
                if (v > most) {
                    most = v;
                    victim = p;
                }
            }
        }
        if (victim != null) {
            victim.requestYield(running(victim));
        }
    }

    /** How many carriers run {@code s} now. */
    private int running(Share s) {
        int n = 0;
        for (Carrier c : carriers) {
            if (c.current() == s) {
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------ carriers

    /** The carrier loop; returns once {@code done} holds when the carrier has nothing to run. */
    void carry(Carrier c, BooleanSupplier done) {
        try {
            for (;;) {
                Carrier.Next n = ownNext(c);
                if (n != null) {
                    run(c, n.share(), n.continuation());
                    continue;
                }
                Share s = pick();
                Runnable r = s == null ? null : s.poll();
                if (r == null) {
                    s = spin();
                    r = s == null ? null : s.poll();
                }
                if (r != null) {
                    c.nextStreakStart = 0L;
                    run(c, s, r);
                    continue;
                }
                n = stealNext(c);
                if (n != null) {
                    run(c, n.share(), n.continuation());
                    continue;
                }
                if (compensate()) {
                    continue;
                }
                if (done.getAsBoolean()) {
                    return;
                }
                idle(c, done);
            }
        } finally {
            if (c.interrupted) {
                c.interrupted = false;
                c.thread.interrupt();
            }
        }
    }

    /**
     * The continuation in {@code c}'s own next slot, unless {@code c} has run such continuations
     * for {@link #NEXT_STREAK_NANOS} while its share's queue had some waiting: then it goes to the
     * back of that queue, so two tasks that wake each other cannot keep a carrier from the rest.
     * The clock is read only while the queue waits: a switch with nobody waiting costs no time read.
     */
    private static Carrier.Next ownNext(Carrier c) {
        Carrier.Next n = c.takeNext();
        if (n == null) {
            return null;
        }
        if (n.share().isEmpty()) {
            c.nextStreakStart = 0L; // nobody waits: no streak to bound
            return n;
        }
        long now = System.nanoTime();
        if (c.nextStreakStart == 0L) {
            c.nextStreakStart = now | 1L;
        } else if (now - c.nextStreakStart > NEXT_STREAK_NANOS) {
            n.share().queue.offer(n.continuation());
            c.nextStreakStart = 0L;
            return null;
        }
        return n;
    }

    /** Takes a continuation from another carrier's next slot (that carrier is still busy); null if none. */
    private Carrier.Next stealNext(Carrier thief) {
        for (Carrier c : carriers) {
            if (c != thief) {
                Carrier.Next n = c.takeNext();
                if (n != null) {
                    return n;
                }
            }
        }
        return null;
    }

    /** The share to run next: the only one, or the non-empty one with the least vruntime; null if none. */
    private Share pick() {
        Share[] all = shares;
        if (all.length == 1) {
            return all[0];
        }
        Share best = null;
        long least = Long.MAX_VALUE;
        for (Share s : all) {
            if (!s.isEmpty()) {
                long v = s.vruntime();
                if (v < least) {
                    least = v;
                    best = s;
                }
            }
        }
        if (best != null) {
            long f = floor;
            if (least < f - WAKE_CREDIT) {
                best.raiseTo(f - WAKE_CREDIT); // back from idle: owed a little, not all it missed
            } else if (least > f) {
                floor = least; // racy, and only a hint: it may lag, never runs ahead of a picked share
            }
            if (best.yieldRequested()) {
                best.clearYields(); // nobody waiting is behind it any more
            }
        }
        return best;
    }

    private Share spin() {
        for (int i = 0; i < IDLE_SPINS; i++) {
            Thread.onSpinWait();
            Share s = pick();
            if (s != null && !s.isEmpty()) {
                return s;
            }
        }
        return null;
    }

    private void run(Carrier c, Share s, Runnable r) {
        if (c.callerDriven && Thread.interrupted()) {
            c.interrupted = true; // mounting a virtual thread would clear it
        }
        boolean timed = shares.length > 1 || measureWaits;
        long start = 0L;
        if (timed) {
            start = System.nanoTime();
            if (s.waitingSince != 0L) {
                s.waitNanos.add(start - s.waitingSince);
                s.waitingSince = s.isEmpty() ? 0L : start;
            }
        }
        // Set even when untimed: a continuation of a pool alone may run for as long as it likes,
        // and a pool that joins meanwhile must see whom to preempt (0: since before it joined).
        c.sliceStart = start;
        c.setCurrent(s);
        try {
            r.run();
        } catch (Throwable e) {
            LOG.log(Level.ERROR, "carrier task failed on " + c.thread.getName(), e);
        }
        c.setCurrent(null);
        if (timed) {
            s.ran(System.nanoTime() - start);
        }
    }

    private void idle(Carrier c, BooleanSupplier done) {
        boolean poll = poolsHaveQueuedWork();
        c.setState(poll ? Carrier.POLLING : Carrier.SLEEPING);
        idleCarriers.incrementAndGet();
        try {
            // Re-read what a submitter writes before it reads our state (see Carrier).
            if (anyQueued() || done.getAsBoolean() || (!poll && poolsHaveQueuedWork())) {
                return;
            }
            for (Share s : shares) {
                s.clearYields(); // an idle carrier: nobody waits for a core
            }
            if (poll) {
                LockSupport.parkNanos(this, POLL_NANOS);
            } else if (ownCarriers && shares.length == 0) {
                LockSupport.parkNanos(this, KEEP_ALIVE_NANOS); // then retires, unless a pool joined
            } else {
                LockSupport.park(this);
            }
            if (Thread.interrupted()) {
                c.interrupted = true; // else every later park returns at once and the loop spins
            }
        } finally {
            c.setState(Carrier.BUSY);
            idleCarriers.decrementAndGet();
        }
    }

    private boolean anyQueued() {
        for (Share s : shares) {
            if (!s.isEmpty()) {
                return true;
            }
        }
        for (Carrier c : carriers) {
            if (c.hasNext()) {
                return true;
            }
        }
        return false;
    }

    private boolean poolsHaveQueuedWork() {
        for (Share s : shares) {
            if (s.member.hasQueuedWork()) {
                return true;
            }
        }
        return false;
    }

    /** Starts a helper worker for the first pool that needs one; true if it did. */
    boolean compensate() {
        for (Share s : shares) {
            if (s.member.compensate()) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------ the preemption monitor

    private void monitorLoop() {
        int quiet = 0;
        while (!closed) {
            quiet = tick() ? 0 : quiet + 1;
            if (shares.length < 2) { // nothing to share: wait for a second pool, or retire
                LockSupport.parkNanos(this, KEEP_ALIVE_NANOS);
                if (retireMonitor()) {
                    return;
                }
                quiet = 0;
                continue;
            }
            if (quiet < QUIET_TICKS) {
                LockSupport.parkNanos(this, TICK_NANOS);
                continue;
            }
            monitorSleeping = true;
            if (!anyQueued() && !closed) { // a submitter queues, then reads monitorSleeping
                LockSupport.park(this);
            }
            monitorSleeping = false;
            quiet = 0;
        }
    }

    /** Ends the monitor if fewer than two pools are still registered; join starts a new one. */
    private boolean retireMonitor() {
        sharesLock.lock();
        try {
            if (shares.length < 2) {
                monitor = null;
                return true;
            }
            return false;
        } finally {
            sharesLock.unlock();
        }
    }

    /**
     * Asks a running share to yield when it is ahead of a waiting one by a slice; true while some
     * share waits for a core that another share holds.
     */
    private boolean tick() {
        Share[] all = shares;
        if (all.length < 2) {
            return false;
        }
        Share waiting = null;
        long least = Long.MAX_VALUE;
        for (Share s : all) {
            if (!s.isEmpty() && s.vruntime() < least) {
                least = s.vruntime();
                waiting = s;
            }
        }
        if (waiting == null) {
            return false;
        }
        long now = System.nanoTime();
        boolean contended = false;
        for (Carrier c : carriers) {
            Share p = c.current();
            if (p == null || p == waiting) {
                continue;
            }
            contended = true;
            long since = c.sliceStart;
            // An untimed slice (0) started while its pool was alone, before the waiting one joined.
            long ahead = since == 0L ? Long.MAX_VALUE
                    : p.vruntime() + Math.max(0L, now - since) * Share.SCALE / p.weight - least;
            if (ahead > SLICE_GRANULARITY) {
                p.requestYield(running(p));
            }
        }
        return contended;
    }

    // ------------------------------------------------------------ closing

    /** Stops the carriers once no pool is left; waits for them. */
    void close() {
        closed = true;
        for (Carrier c : carriers) {
            c.wake(false);
            LockSupport.unpark(c.thread);
        }
        Thread m = monitor;
        if (m != null) {
            LockSupport.unpark(m);
        }
        for (Carrier c : carriers) {
            if (c.thread != Thread.currentThread()) {
                Uninterruptibly.join(c.thread);
            }
        }
        if (m != null) {
            Uninterruptibly.join(m);
        }
    }

    boolean isClosed() {
        return closed;
    }
}
