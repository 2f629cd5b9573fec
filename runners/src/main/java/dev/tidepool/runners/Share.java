package dev.tidepool.runners;

import dev.tidepool.switches.internal.YieldPoints;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * One pool's part of a core budget: the queues of its workers' continuations (virtual threads ready
 * to run: woken ones, and those whose turn ended), its weight, and what the budget's scheduler
 * keeps to share the cores fairly. The count of polls that chooses which queue goes first is a
 * plain field shared by the carriers: a lost update only moves a turn by one poll.
 *
 * <p>Implementation overview. {@code vruntime} is the CPU time the pool's continuations got,
 * divided by the weight (in units of 1/16 ns for a weight of 1): the scheduler runs the share with
 * the least of it, so while several shares have runnable work each gets cores in proportion to its
 * weight (the idea of Linux CFS). It is added to with an atomic add by the carrier that ran the
 * continuation, and read with plain volatile reads by carriers and the monitor; a reader may see a
 * value one slice old, which only shifts a choice by one slice. A share that was idle keeps a low
 * vruntime; the scheduler raises it to the budget's floor when it runs again (see
 * {@link Scheduler}), so an idle pool is owed a little time but cannot hoard it.
 *
 * <p>{@code yieldRequests} counts the workers of this pool asked to give their core up at their
 * next preemption point; each request is also counted in {@link YieldPoints}, so that points which
 * do not know their pool see it. A worker's preemption point reads that process-wide count first
 * (one opaque load of a static field) and this field only when the count is not zero; the
 * scheduler and the monitor add requests, a worker takes one with a CAS before it yields.
 */
final class Share {
    /** vruntime units per nanosecond of CPU for a share of weight 1. */
    static final long SCALE = 16;
    /** One poll in this many takes a yielded continuation before a woken one. */
    static final int TURNS_EVERY = 8;

    private static final VarHandle VRUNTIME;
    private static final VarHandle YIELDS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            VRUNTIME = l.findVarHandle(Share.class, "vruntime", long.class);
            YIELDS = l.findVarHandle(Share.class, "yieldRequests", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A share that is never asked to yield, for workers outside every budget. */
    static final Share NONE = new Share(null, 1);

    final BudgetMember member;
    final int weight;
    /** Continuations of virtual threads woken (unparked, started): run first. */
    final MpmcUnboundedXaddArrayQueue<Runnable> queue = TaskQueue.create();
    /** Continuations of virtual threads that yielded (their turn was over): run after the woken ones. */
    private final MpmcUnboundedXaddArrayQueue<Runnable> turns = TaskQueue.create();
    /** Polls since the last that looked at {@code turns} first; a racy hint. */
    private int polls;
    /** CPU time its continuations ran, and time some of them waited for a core (gauges). */
    final LongAdder cpuNanos = new LongAdder();
    final LongAdder waitNanos = new LongAdder();
    @SuppressWarnings("unused") // accessed through VRUNTIME
    private volatile long vruntime;
    @SuppressWarnings("unused") // accessed through YIELDS
    private volatile int yieldRequests;
    /** When its queue last went from empty to not empty while all carriers were busy; 0 if not waiting. */
    volatile long waitingSince;

    Share(BudgetMember member, int weight) {
        this.member = member;
        this.weight = weight;
    }

    /** Queues the continuation of a virtual thread that yielded. */
    void offerTurn(Runnable continuation) {
        turns.offer(continuation);
    }

    /**
     * The next continuation: a woken one before one that yielded, except at one poll in
     * {@value #TURNS_EVERY}, which looks at the yielded ones first, so that wake-ups cannot keep
     * them waiting for ever (Go's scheduler does the same with its global queue).
     */
    Runnable poll() {
        Runnable r;
        if ((++polls & (TURNS_EVERY - 1)) != 0) {
            r = queue.poll();
            return r != null ? r : turns.poll();
        }
        r = turns.poll();
        return r != null ? r : queue.poll();
    }

    /** Whether no continuation of this share waits for a carrier. */
    boolean isEmpty() {
        return queue.isEmpty() && turns.isEmpty();
    }

    long vruntime() {
        return (long) VRUNTIME.getVolatile(this);
    }

    /** Raises vruntime to at least {@code floor} (a share coming back from idle). */
    void raiseTo(long floor) {
        long v;
        while ((v = vruntime()) < floor && !VRUNTIME.compareAndSet(this, v, floor)) {
            Thread.onSpinWait();
        }
    }

    /** Accounts {@code nanos} of CPU run by one of its continuations. */
    void ran(long nanos) {
        VRUNTIME.getAndAdd(this, nanos * SCALE / weight);
        cpuNanos.add(nanos);
    }

    /** Whether a worker of this pool has been asked to give its core up: one opaque read. */
    boolean yieldRequested() {
        return (int) YIELDS.getOpaque(this) != 0;
    }

    int yieldRequests() {
        return (int) YIELDS.getVolatile(this);
    }

    /** Asks one more worker to yield, unless {@code max} are asked already; true if it did. */
    boolean requestYield(int max) {
        for (;;) {
            int n = yieldRequests();
            if (n >= max) {
                return false;
            }
            if (YIELDS.compareAndSet(this, n, n + 1)) {
                YieldPoints.add(1);
                return true;
            }
        }
    }

    /** Takes one request for the calling worker; true if it got one (and must yield). */
    boolean takeYield() {
        for (;;) {
            int n = yieldRequests();
            if (n == 0) {
                return false;
            }
            if (YIELDS.compareAndSet(this, n, n - 1)) {
                YieldPoints.add(-1);
                return true;
            }
        }
    }

    /**
     * Drops the requests nobody needs any more (no other share waits). Reads first: workers read
     * the field at every preemption point, and a write of the same zero would still take the cache
     * line away from them.
     */
    void clearYields() {
        if ((int) YIELDS.getOpaque(this) == 0) {
            return;
        }
        int n = (int) YIELDS.getAndSet(this, 0);
        if (n != 0) {
            YieldPoints.add(-n);
        }
    }

    @Override
    public String toString() {
        return "Share[" + (member == null ? "none" : member.name()) + ", weight " + weight + "]";
    }
}
