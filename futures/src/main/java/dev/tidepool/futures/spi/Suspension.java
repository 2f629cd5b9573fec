package dev.tidepool.futures.spi;

/**
 * The seam between futures and the runner a task runs on. A runner installs a {@link Hook} on each
 * of its worker threads; {@code Fut.await} calls it around every wait that actually parks, so the
 * runner can hand the worker's core to another worker while the task is suspended.
 *
 * <p>This is an interface for runner implementations. Application code never needs it.
 */
public final class Suspension {
    private static final ThreadLocal<Hook> HOOK = new ThreadLocal<>();

    private Suspension() {}

    /** What a runner does around a wait of one of its workers. */
    public interface Hook {
        /**
         * Called on a thread about to wait for {@code fut}: runs the task that settles it right
         * here if that task is still queued where this thread can take it back, and returns
         * whether it did. The default does nothing.
         */
        default boolean runInline(Object fut) {
            return false;
        }

        /** Called on the waiting thread right before it parks. */
        void beforeSuspend();

        /** Called on the same thread once it runs again, whether or not the wait succeeded. */
        void afterResume();

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
        if (hook == null) {
            HOOK.remove();
        } else {
            HOOK.set(hook);
        }
    }

    /** The hook of the calling thread, or {@code null} outside any runner. */
    public static Hook current() {
        return HOOK.get();
    }
}
