package dev.tidepool.sync;

import dev.tidepool.futures.internal.ThreadRecord;
import dev.tidepool.futures.spi.Suspension;
import dev.tidepool.futures.tracing.TaskTracing;
import dev.tidepool.futures.tracing.TraceClock;
import dev.tidepool.futures.tracing.TraceNames;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The mutual exclusion behind {@link Lock} and {@link Immlock}.
 *
 * <p>Implementation overview: a {@link ReentrantLock} (its memory semantics are the ones stated by
 * the public classes). An uncontended enter is one CAS. A contended one spins briefly with
 * {@code tryLock}, then tells the runner it is about to wait (so a pool worker hands its core to
 * another worker, as in {@code Fut.await}) and parks in {@code lock()}. Each hold is recorded in the
 * thread's {@link ThreadRecord} so that {@code Fut.await} can refuse to suspend while holding it; the
 * record is remembered here with its thread, so that exit, and the same thread's next enter, need
 * no thread-local lookup. When tracing is on
 * ({@link TaskTracing}), enter returns the span of the critical section (named after the lock,
 * from acquisition to release) and exit ends it; a contended enter also reports its wait as a span
 * named {@code "<lock> wait"}, from the request to the acquisition.
 */
final class Mutex {
    /** tryLock attempts of a contended enter, spinning, before it suspends the task. */
    private static final int ENTER_SPINS = 64;
    private static final Object UNTRACED = new Object();

    private final String name;
    private final String waitName;
    private final String description;
    private final ReentrantLock lock = new ReentrantLock();
    /** The holder's record; written and read by the holder only, while it holds the lock. */
    private ThreadRecord holderRecord;
    /** The thread {@link #holderRecord} belongs to, so a thread taking the lock again skips the lookup. */
    private Thread recordThread;

    Mutex(String kind, String name) {
        this.name = name;
        this.waitName = name + " wait";
        this.description = kind + " '" + name + "'";
    }

    /** Takes the lock; returns the token to give to {@link #exit}. */
    Object enter() {
        Tracer tracer = TaskTracing.tracer();
        long requested = tracer == null ? 0L : System.nanoTime();
        boolean contended = !lock.tryLock();
        if (contended) {
            enterContended();
        }
        if (ThreadRecord.CHECK) {
            Thread me = Thread.currentThread();
            if (recordThread != me) {
                holderRecord = ThreadRecord.current();
                recordThread = me;
            }
            holderRecord.push(this);
        }
        return tracer == null ? UNTRACED : traced(tracer, requested, contended);
    }

    private Span traced(Tracer tracer, long requested, boolean contended) {
        long acquired = System.nanoTime();
        if (contended) {
            TaskTracing.spanOnThisThread(tracer, waitName, requested).startSpan()
                    .end(TraceClock.toEpochNanos(acquired), TimeUnit.NANOSECONDS);
        }
        return TaskTracing.spanOnThisThread(tracer, name, acquired)
                .setAttribute(TraceNames.LOCK_WAIT_NS, acquired - requested)
                .startSpan();
    }

    /** Releases the lock taken by the {@link #enter} that returned {@code token}. */
    void exit(Object token) {
        if (ThreadRecord.CHECK) {
            holderRecord.pop(this);
        }
        lock.unlock();
        if (token instanceof Span span) {
            span.end(TraceClock.nowEpochNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void enterContended() {
        for (int i = 0; i < ENTER_SPINS; i++) {
            Thread.onSpinWait();
            if (lock.tryLock()) {
                return;
            }
        }
        Suspension.Hook hook = Suspension.current();
        if (hook != null) {
            hook.beforeSuspend();
        }
        lock.lock();
        if (hook != null) {
            hook.afterResume();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
