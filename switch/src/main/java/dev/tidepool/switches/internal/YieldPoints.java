package dev.tidepool.switches.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The cooperative preemption points of code that does not know the runner it runs on
 * ({@code Switch.check()}, {@code Fut.await}): a count of the yield requests pending in the whole
 * process, read with one plain (opaque) load at every point, and the hook the runners install to
 * act on them. Not an API: exported only to Tidepool's futures and runners modules.
 *
 * <p>Memory ordering: the count is a hint. A point that reads a stale zero only delays a yield to
 * the next point; one that reads a stale non-zero calls the hook, which checks the request of the
 * calling worker's own pool and finds none.
 */
public final class YieldPoints {
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findStaticVarHandle(YieldPoints.class, "pending", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through PENDING
    private static volatile int pending;
    private static volatile Runnable hook;

    private YieldPoints() {}

    /**
     * Whether any pool of the process has a yield request pending: one opaque load of a static
     * field, the fast path of every preemption point (a point that knows its pool checks the pool's
     * own requests only when this is true).
     *
     * @return false when nobody waits for a core
     */
    public static boolean anyPending() {
        return (int) PENDING.getOpaque() != 0;
    }

    /** A preemption point: yields the calling worker if its pool was asked to give a core up. */
    public static void point() {
        if (anyPending()) {
            Runnable h = hook;
            if (h != null) {
                h.run();
            }
        }
    }

    /** Adds {@code delta} to the count of pending requests (the runners keep it equal to theirs). */
    public static void add(int delta) {
        PENDING.getAndAdd(delta);
    }

    /** Installs what a point does when requests are pending (the runners' yield of the current worker). */
    public static void install(Runnable yieldCurrentWorker) {
        hook = yieldCurrentWorker;
    }
}
