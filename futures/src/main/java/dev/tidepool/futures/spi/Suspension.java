package dev.tidepool.futures.spi;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.internal.ThreadRecord;
import dev.tidepool.futures.tracing.TaskTracing;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * The seam between futures and the runner a task runs on. A runner installs a {@link Hook} on each
 * of its worker threads; {@code Fut.await} calls it around every wait that actually parks, so the
 * runner can hand the worker's core to another worker while the task is suspended.
 *
 * <p>This is an interface for runner implementations. Application code never needs it.
 */
public final class Suspension {
    private Suspension() {}

    /** What a runner does around a wait of one of its workers. */
    public interface Hook {
        /**
         * Called on a thread about to wait for {@code fut}: runs the task that settles it right
         * here if that task is still queued where this thread can take it back, and returns
         * whether it did. The default does nothing.
         */
        default boolean runInline(Fut<?> fut) {
            return false;
        }

        /**
         * Called on the waiting thread right before it parks. The thread goes on without a
         * core slot of its own once it runs again; the runner takes that into account when the
         * task returns, so there is nothing to call after the wait.
         */
        void beforeSuspend();

        /** The name of the runner the thread works for, shown in traces; null if none. */
        default String runnerName() {
            return null;
        }

        /** The index of the worker slot the thread holds, shown in traces; -1 if none. */
        default int workerIndex() {
            return -1;
        }
    }

    /** Installs {@code hook} for the calling thread ({@code null} removes it). */
    public static void install(Hook hook) {
        ThreadRecord.current().hook = hook;
    }

    /** The hook of the calling thread, or {@code null} outside any runner. */
    public static Hook current() {
        return (Hook) ThreadRecord.current().hook;
    }

    /**
     * The hook of the calling thread (or null), for an operation that will wait for work of its
     * own, such as fork-join parts: refuses it while the thread holds a {@code dev.tidepool.sync}
     * lock, whatever happens later, so the outcome never depends on whether a part was stolen.
     *
     * @param action what the caller is about to do, for the message
     * @throws IllegalStateException naming the innermost lock held
     */
    public static Hook currentNotHoldingLocks(String action) {
        ThreadRecord r = ThreadRecord.current();
        r.checkNoneHeld(action);
        return (Hook) r.hook;
    }

    /**
     * Suspends the calling task until {@code done} holds: tells the thread's hook (if any) before
     * parking and after, and records the suspension in traces. Whoever makes {@code done} true
     * must then unpark the thread. Neither switches nor interrupts end the wait; an interrupt that
     * arrives meanwhile is kept for the caller. For waits that must not be abandoned, such as a
     * fork-join waiting for a part another worker runs.
     *
     * @param done checked before each park; must become true eventually
     */
    public static void suspendUntil(BooleanSupplier done) {
        if (done.getAsBoolean()) {
            return;
        }
        Hook hook = current();
        if (hook != null) {
            hook.beforeSuspend();
        }
        TaskTracing.suspending();
        boolean interrupted = false;
        try {
            while (!done.getAsBoolean()) {
                LockSupport.park(done);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            TaskTracing.resumed();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
