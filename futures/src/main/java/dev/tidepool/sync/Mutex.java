package dev.tidepool.sync;

import dev.tidepool.futures.internal.HeldLocks;
import dev.tidepool.futures.spi.Suspension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The mutual exclusion behind {@link Lock} and {@link Immlock}.
 *
 * <p>Implementation overview: a {@link ReentrantLock} (its memory semantics are the ones stated by
 * the public classes). An uncontended enter is one CAS. A contended one spins briefly with
 * {@code tryLock}, then tells the runner it is about to wait (so a pool worker hands its core to
 * another worker, as in {@code Fut.await}) and parks in {@code lock()}. Each hold is recorded in the
 * thread's {@link HeldLocks} so that {@code Fut.await} can refuse to suspend while holding it; the
 * record is remembered here with its thread, so that exit, and the same thread's next enter, need
 * no thread-local lookup. When a tracer is
 * installed, enter returns the span of the critical section and exit ends it.
 */
final class Mutex {
    private static final int SPINS = 64;
    private static final Object UNTRACED = new Object();

    private final String name;
    private final String description;
    private final ReentrantLock lock = new ReentrantLock();
    /** The holder's record; written and read by the holder only, while it holds the lock. */
    private HeldLocks holderRecord;
    /** The thread {@link #holderRecord} belongs to, so a thread taking the lock again skips the lookup. */
    private Thread recordThread;

    Mutex(String kind, String name) {
        this.name = name;
        this.description = kind + " '" + name + "'";
    }

    /** Takes the lock; returns the token to give to {@link #exit}. */
    Object enter() {
        Tracer tracer = LockTracing.tracer();
        Span span = null;
        long requested = 0;
        if (tracer != null) {
            span = tracer.spanBuilder(name).startSpan();
            requested = System.nanoTime();
        }
        if (!lock.tryLock()) {
            enterContended();
        }
        if (HeldLocks.CHECK) {
            Thread me = Thread.currentThread();
            if (recordThread != me) {
                holderRecord = HeldLocks.current();
                recordThread = me;
            }
            holderRecord.push(this);
        }
        if (span == null) {
            return UNTRACED;
        }
        long acquired = System.nanoTime();
        span.setAttribute("tidepool.lock.wait_ns", acquired - requested);
        return new Traced(span, acquired);
    }

    /** Releases the lock taken by the {@link #enter} that returned {@code token}. */
    void exit(Object token) {
        if (HeldLocks.CHECK) {
            holderRecord.pop(this);
        }
        lock.unlock();
        if (token instanceof Traced t) {
            t.span().setAttribute("tidepool.lock.hold_ns", System.nanoTime() - t.acquired());
            t.span().end();
        }
    }

    private void enterContended() {
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if (lock.tryLock()) {
                return;
            }
        }
        Suspension.Hook hook = Suspension.current();
        if (hook != null) {
            hook.beforeSuspend();
        }
        try {
            lock.lock();
        } finally {
            if (hook != null) {
                hook.afterResume();
            }
        }
    }

    private record Traced(Span span, long acquired) {}

    @Override
    public String toString() {
        return description;
    }
}
