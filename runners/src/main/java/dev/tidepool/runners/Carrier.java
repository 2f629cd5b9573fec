package dev.tidepool.runners;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * One platform thread of a {@link CoreBudget}: runs worker-fiber continuations from the budget's
 * queue, and when it runs out of them, looks for pools whose workers are stuck in JDK waits.
 *
 * <p>Implementation overview. The loop polls the budget's queue, spins briefly when it is empty,
 * then asks the budget to compensate blocked pools (see {@link Pool#compensate()}), and finally
 * parks. It parks with a short timeout ("polling") while some pool still has queued work, since a
 * worker may enter a JDK wait at any time without telling anyone, and without a timeout
 * ("sleeping") otherwise. Before parking it publishes its state with a volatile write and then
 * re-reads the queue; a submitter writes the queue and then reads the states (Dekker-style, both
 * sides sequentially consistent), so a continuation is never left queued with every carrier asleep.
 * In fallback mode (no custom virtual-thread scheduler) the budget has one carrier that never gets
 * continuations and only compensates.
 */
final class Carrier implements Runnable {
    static final int BUSY = 0;
    static final int POLLING = 1;
    static final int SLEEPING = 2;

    private static final System.Logger LOG = System.getLogger("dev.tidepool.runners");
    private static final long POLL_NANOS = 1_000_000L;
    private static final int SPINS = 256;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Carrier.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CoreBudget budget;
    final Thread thread;
    /** Whether the thread is the caller of {@code Runners.main}, whose interrupt must be kept. */
    private final boolean callerDriven;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    /** Whether the carrier thread was interrupted while parked; touched by that thread only. */
    private boolean interrupted;

    Carrier(CoreBudget budget, String name) {
        this.budget = budget;
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
        this.callerDriven = false;
    }

    /** A carrier driven by the thread that calls {@link #runUntil}. */
    Carrier(CoreBudget budget, Thread caller) {
        this.budget = budget;
        this.thread = caller;
        this.callerDriven = true;
    }

    @Override
    public void run() {
        runUntil(budget::carriersMayExit);
    }

    /**
     * The carrier loop; returns once {@code done} holds when the carrier has nothing to run. An
     * interrupt of the carrier thread (the caller of {@code Runners.main}) is taken off while it
     * runs (parking would not park, and mounting a virtual thread would clear it) and set again
     * when it returns.
     */
    void runUntil(java.util.function.BooleanSupplier done) {
        try {
            loop(done);
        } finally {
            if (interrupted) {
                interrupted = false;
                thread.interrupt();
            }
        }
    }

    private void loop(java.util.function.BooleanSupplier done) {
        for (;;) {
            Runnable r = budget.poll();
            if (r == null) {
                r = spin();
            }
            if (r != null) {
                if (callerDriven && Thread.interrupted()) {
                    interrupted = true; // mounting a virtual thread would clear it
                }
                try {
                    r.run();
                } catch (Throwable e) {
                    LOG.log(Level.ERROR, "carrier task failed on " + thread.getName(), e);
                }
                continue;
            }
            if (budget.compensate()) {
                continue;
            }
            if (done.getAsBoolean()) {
                return;
            }
            idle(done);
        }
    }

    private Runnable spin() {
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            Runnable r = budget.poll();
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private void idle(java.util.function.BooleanSupplier done) {
        boolean poll = budget.poolsHaveQueuedWork();
        STATE.setVolatile(this, poll ? POLLING : SLEEPING);
        budget.idleCarriers.incrementAndGet();
        try {
            // Re-read what a submitter writes before it reads our state (see the overview).
            if (budget.hasQueuedContinuations() || done.getAsBoolean()
                    || (!poll && budget.poolsHaveQueuedWork())) {
                return;
            }
            if (poll) {
                LockSupport.parkNanos(this, POLL_NANOS);
            } else {
                LockSupport.park(this);
            }
            if (Thread.interrupted()) {
                interrupted = true; // else every later park returns at once and the loop spins
            }
        } finally {
            STATE.setVolatile(this, BUSY);
            budget.idleCarriers.decrementAndGet();
        }
    }

    /** Wakes this carrier if it is idle in one of {@code states}; true if this call woke it. */
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
