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
 * <p>Part of the runner SPI (see {@code dev.tidepool.runners.spi}). Application code never needs
 * it. Memory consistency: whoever settles what a suspended task waits for, and unparks it,
 * happens-before the task's return from the wait.
 */
public final class Suspension {
    private Suspension() {}

    /** What a runner does around a wait of one of its workers. */
    public interface Hook {
        /**
         * Called on a thread about to wait for {@code fut}: runs the task that settles it right
         * here if that task is still queued where this thread can take it back. The default
         * does nothing.
         *
         * @param fut the future the thread is about to wait for
         * @return whether the task that settles it ran here
         */
        default boolean runInline(Fut<?> fut) {
            return false;
        }

        /**
         * Called on the waiting thread right before it parks: the runner lets another thread
         * run its other tasks meanwhile (Tidepool's pools hand the worker's core slot to a spare
         * worker).
         */
        void beforeSuspend();

        /**
         * Called on the same thread once the wait is over, before the task goes on: a runner that
         * lets only so many tasks run at once waits here for its turn. The default returns at
         * once (Tidepool's pools run the resumed task on a core of their budget, which the
         * scheduler of their virtual threads grants).
         */
        default void afterResume() {}

        /**
         * The name of the runner the thread works for, shown in traces.
         *
         * @return the name, or null if none
         */
        default String runnerName() {
            return null;
        }

        /**
         * The index of the worker slot the thread holds, shown in traces.
         *
         * @return the index, or -1 if none
         */
        default int workerIndex() {
            return -1;
        }
    }

    /**
     * Installs {@code hook} for the calling thread ({@code null} removes it).
     *
     * @param hook the hook of the runner whose tasks this thread runs, or null
     */
    public static void install(Hook hook) {
        ThreadRecord.current().hook = hook;
    }

    /**
     * The hook of the calling thread.
     *
     * @return the hook, or {@code null} outside any runner
     */
    public static Hook current() {
        return (Hook) ThreadRecord.current().hook;
    }

    /**
     * The hook of the calling thread (or null), for an operation that will wait for work of its
     * own, such as fork-join parts: refuses it while the thread holds a {@code dev.tidepool.sync}
     * lock, whatever happens later, so the outcome never depends on whether a part was stolen.
     *
     * @param action what the caller is about to do, for the message
     * @return the hook, or null outside any runner
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
            if (hook != null) {
                hook.afterResume();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
