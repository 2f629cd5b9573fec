package dev.tidepool.runners;

import dev.tidepool.switches.internal.YieldPoints;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Whether something of one pool waits for a worker while all of them run: a task in the
 * injection queue of a work-stealing pool, or a worker fiber of the pool waiting for a core. While
 * it is up, the pool's workers look at the clock at their preemption points and, once they have
 * run for a time slice, make room (see {@link Crew#sliceOver}).
 *
 * <p>Implementation overview: one volatile int, 0 or 1. Raising it is a CAS from 0 to 1 after a
 * plain read (so a raise while it is up writes nothing), and counts one request in
 * {@link YieldPoints}, so that the preemption points of the whole process keep their one-read fast
 * path while nothing waits anywhere. Lowering is a CAS from 1 to 0 that gives the count back.
 * A worker lowers it when, at the end of a slice, it finds nothing waiting (then looks again, and
 * raises it if something came meanwhile); the pool lowers it for good when it terminates. It is
 * not lowered when workers go idle: a pool whose work comes in bursts would then pay two atomic
 * updates of the process-wide count per burst; a flag left up costs the next job's points a
 * clock read at every 16th, for one slice at most. The flag
 * is a hint: a stale read delays a slice to a later point, a spurious raise costs a few clock
 * reads; no task travels through it.
 */
final class SliceRequest {
    private static final VarHandle UP;

    static {
        try {
            UP = MethodHandles.lookup().findVarHandle(SliceRequest.class, "up", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through UP
    private volatile int up;

    /** Whether it is up: one opaque read. */
    boolean isUp() {
        return (int) UP.getOpaque(this) != 0;
    }

    void raise() {
        if ((int) UP.getVolatile(this) == 0 && UP.compareAndSet(this, 0, 1)) {
            YieldPoints.add(1);
        }
    }

    /** Lowers it; true if this call did. */
    boolean lower() {
        if ((int) UP.getVolatile(this) != 0 && UP.compareAndSet(this, 1, 0)) {
            YieldPoints.add(-1);
            return true;
        }
        return false;
    }
}
