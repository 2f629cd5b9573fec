package dev.tidepool.runners;

import java.lang.System.Logger.Level;
import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;

/**
 * Builds the virtual threads that run pool workers ("worker fibers").
 *
 * <p>The JDK has no public way to give a virtual thread a scheduler of one's own. Its builder class
 * has a constructor that takes one; Tidepool calls it through reflection, which works when
 * {@code java.lang} is opened to Tidepool ({@code --add-opens java.base/java.lang=ALL-UNNAMED}).
 * Without that option, workers use the JDK's default virtual-thread scheduler: everything still
 * works, but the core budget is then the JDK scheduler's parallelism, not {@link CoreBudget#cores()}.
 */
final class Fibers {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.runners");
    private static final Constructor<?> WITH_SCHEDULER = findConstructor();

    private Fibers() {}

    /** Whether worker fibers run on their core budget's carriers. */
    static boolean customScheduler() {
        return WITH_SCHEDULER != null;
    }

    /** A builder of virtual threads scheduled by {@code scheduler}, or by the JDK's in fallback. */
    static Thread.Builder.OfVirtual builder(Executor scheduler) {
        if (WITH_SCHEDULER != null) {
            try {
                return (Thread.Builder.OfVirtual) WITH_SCHEDULER.newInstance(scheduler);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build a virtual thread with a scheduler", e);
            }
        }
        return Thread.ofVirtual();
    }

    /**
     * A virtual thread started by a virtual thread inherits its scheduler. The JDK starts its
     * socket "sub-poller" virtual threads lazily, from the first thread that does socket I/O; if
     * that were a worker, the JDK's pollers would live on a budget that may later close, and every
     * virtual thread's socket I/O would then hang. Initialising the poller from a platform thread
     * first keeps the pollers on the JDK's own scheduler.
     */
    private static void startJdkPollersOutsideBudgets() {
        // A class of its own: a lambda here would wait for this class's initialisation.
        Uninterruptibly.join(Thread.ofPlatform().name("tidepool-poller-init").start(new PollerInit()));
    }

    private static final class PollerInit implements Runnable {
        @Override
        public void run() {
            try {
                Class.forName("sun.nio.ch.Poller", true, ClassLoader.getPlatformClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                System.getLogger("dev.tidepool.runners").log(Level.DEBUG, "no JDK poller to initialise", e);
            }
        }
    }

    private static Constructor<?> findConstructor() {
        try {
            Class<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> ctor = c.getDeclaredConstructor(Executor.class);
            ctor.setAccessible(true);
            startJdkPollersOutsideBudgets();
            return ctor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "Tidepool workers fall back to the JDK's virtual-thread scheduler,"
                    + " so core budgets are not enforced (" + e.getClass().getSimpleName()
                    + "); run the JVM with --add-opens java.base/java.lang=ALL-UNNAMED (class path)"
                    + " or =dev.tidepool.runners (module path) to enforce them");
            return null;
        }
    }
}
