package dev.tidepool.runners;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * One platform thread of a core budget, and what the scheduler knows of it: whether it is idle
 * (and how), which share it runs now and since when. The loop it runs is {@link Scheduler}'s.
 *
 * <p>Implementation overview. Before parking, the carrier publishes POLLING or SLEEPING with a
 * volatile write and then re-reads the queues; a submitter writes a queue and then reads the
 * states (Dekker-style, both sides sequentially consistent), so a continuation is never left
 * queued with every carrier asleep. {@code current} and {@code sliceStart} are written by the
 * carrier (release) and read by submitters and the monitor (acquire) to decide whom to preempt;
 * a stale read costs one misdirected yield request at most. {@code next} is written by a task
 * running on this carrier (an atomic swap, so a displaced continuation is never dropped) and taken
 * with an atomic swap to null by this carrier or by an idle one, so exactly one of them runs it.
 */
final class Carrier {
    static final int BUSY = 0;
    static final int POLLING = 1;
    static final int SLEEPING = 2;

    private static final VarHandle STATE;
    private static final VarHandle CURRENT;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Carrier.class, "state", int.class);
            CURRENT = l.findVarHandle(Carrier.class, "current", Share.class);
            NEXT = l.findVarHandle(Carrier.class, "next", Next.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    /** Whether the thread is the caller of {@code Runners.main}, whose interrupt must be kept. */
    final boolean callerDriven;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    @SuppressWarnings("unused") // accessed through CURRENT
    private volatile Share current;
    /** A continuation woken by the one this carrier runs, to run right after it (see Scheduler); null if none. */
    @SuppressWarnings("unused") // accessed through NEXT
    private volatile Next next;
    /** Since when (System.nanoTime) this carrier has run only continuations from its next slot; its thread only. */
    long nextStreakStart;
    /** When the running slice started (System.nanoTime), or 0 if it is not timed (its pool was alone). */
    volatile long sliceStart;
    /** Whether the thread was interrupted while it carried; touched by that thread only. */
    boolean interrupted;
    /** Since when (System.nanoTime, never 0) the carrier has found no pool registered; 0 while there is one. Its thread only. */
    long unusedSince;
    /** Set when the thread exits for want of pools; written and read under the scheduler's shares lock. */
    boolean retired;

    /** A carrier on a new daemon thread that runs {@code loop}. */
    Carrier(String name, Function<Carrier, Runnable> loop) {
        this.callerDriven = false;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(loop.apply(this));
    }

    /** A carrier driven by the calling thread. */
    Carrier(Thread caller) {
        this.callerDriven = true;
        this.thread = caller;
    }

    Share current() {
        return (Share) CURRENT.getAcquire(this);
    }

    void setCurrent(Share s) {
        CURRENT.setRelease(this, s);
    }

    void setState(int s) {
        STATE.setVolatile(this, s);
    }

    /** Puts {@code n} in the next slot; returns what it displaced (for the share's queue), or null. */
    Next swapNext(Next n) {
        return (Next) NEXT.getAndSet(this, n);
    }

    /** Takes the continuation of the next slot, by its owner or a thief; null if none. */
    Next takeNext() {
        return NEXT.getVolatile(this) == null ? null : (Next) NEXT.getAndSet(this, null);
    }

    boolean hasNext() {
        return NEXT.getVolatile(this) != null;
    }

    /** A continuation and the share it belongs to. */
    record Next(Share share, Runnable continuation) {}

    /** Wakes this carrier if it is idle (only if sleeping, when {@code sleepingOnly}); true if this call woke it. */
    boolean wake(boolean sleepingOnly) {
        int s = (int) STATE.getVolatile(this);
        if (s == SLEEPING || (s == POLLING && !sleepingOnly)) {
            if (STATE.compareAndSet(this, s, BUSY)) {
                LockSupport.unpark(thread);
                return true;
            }
        }
        return false;
    }
}
