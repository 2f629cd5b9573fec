package dev.tidepool.runners;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * A fixed number of cores shared by every pool built on it. The budget owns {@link #cores()}
 * platform "carrier" threads; the workers of all its pools are virtual threads that run only on
 * those carriers, so together the pools never run more than {@code cores()} tasks at once, however
 * many workers each has.
 *
 * <p>Without {@code --add-opens java.base/java.lang=ALL-UNNAMED} the JVM does not let Tidepool
 * schedule virtual threads itself: workers then run on the JDK's default virtual-thread scheduler,
 * whose parallelism replaces this budget (a warning is logged once).
 */
public final class CoreBudget implements AutoCloseable {
    /*
     * Implementation overview. Continuations of worker fibers (what a virtual thread hands its
     * scheduler when it becomes runnable) go to one JCTools MPMC queue; `cores` carriers take them
     * in FIFO order, which also makes a fiber that yields go behind every other runnable fiber
     * (fairness between pools). Carriers park when idle (see Carrier for the wake-up protocol).
     * Pools register here so that an idle carrier can find a pool whose workers sit in JDK waits
     * and start a helper worker for it. Carriers are daemon threads; close() stops them once no
     * pool is left on the budget.
     */
    private static final AtomicInteger IDS = new AtomicInteger();

    private final int cores;
    private final String name;
    private final MpmcUnboundedXaddArrayQueue<Runnable> queue = new MpmcUnboundedXaddArrayQueue<>(1024);
    private final Carrier[] carriers;
    private final List<Pool> pools = new CopyOnWriteArrayList<>();
    private final Executor scheduler = this::submitContinuation;
    /** The test's scheduler in a simulation, else null. */
    private Executor simulated;
    final AtomicInteger idleCarriers = new AtomicInteger();
    private final boolean closeable;
    private volatile boolean closed;

    /**
     * A budget without carriers for the simulation of the pool protocol: continuations go to
     * {@code scheduler}, which a test drives, and carriers never compensate.
     */
    private CoreBudget(Executor scheduler, String name) {
        this.cores = 1;
        this.name = name;
        this.closeable = true;
        this.carriers = new Carrier[0];
        this.simulated = scheduler;
    }

    /** A budget of one core whose carrier is the calling thread (see {@link #drive}). */
    private CoreBudget(String name) {
        this.cores = 1;
        this.name = name;
        this.closeable = true;
        this.carriers = new Carrier[] {new Carrier(this, Thread.currentThread())};
    }

    private CoreBudget(int cores, String name, boolean closeable) {
        this.cores = cores;
        this.name = name;
        this.closeable = closeable;
        int threads = Fibers.customScheduler() ? cores : 1;
        this.carriers = new Carrier[threads];
        for (int i = 0; i < threads; i++) {
            String suffix = Fibers.customScheduler() ? ".carrier." + i : ".monitor";
            carriers[i] = new Carrier(this, name + suffix);
        }
        for (Carrier c : carriers) {
            c.thread.start();
        }
    }

    /**
     * A new budget of {@code cores} carrier threads. Close it once its pools are shut down.
     *
      * @param cores the number of carrier threads, so of tasks running at once
      * @return the started budget
     * @throws IllegalArgumentException if {@code cores < 1}
     */
    public static CoreBudget of(int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1: " + cores);
        }
        return new CoreBudget(cores, "tidepool-budget-" + IDS.incrementAndGet(), true);
    }

    /**
     * The process-wide budget of one carrier per available processor; it is never closed.
     *
     * @return the shared budget
     */
    public static CoreBudget shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final CoreBudget INSTANCE =
                new CoreBudget(Runtime.getRuntime().availableProcessors(), "tidepool-shared", false);
    }

    /**
     * The number of tasks this budget runs at the same instant, at most.
     *
     * @return the number of carrier threads
     */
    public int cores() {
        return cores;
    }

    /**
     * Stops the carrier threads and waits for them to exit. Has no effect on {@link #shared()}.
     *
     * @throws IllegalStateException if a pool built on this budget has not terminated yet
     */
    @Override
    public void close() {
        if (!closeable) {
            return;
        }
        if (!pools.isEmpty()) {
            throw new IllegalStateException("budget " + name + " still runs pools " + pools);
        }
        closed = true;
        for (Carrier c : carriers) {
            c.wake(false);
            java.util.concurrent.locks.LockSupport.unpark(c.thread);
        }
        for (Carrier c : carriers) {
            if (c.thread != Thread.currentThread()) {
                Uninterruptibly.join(c.thread);
            }
        }
    }

    @Override
    public String toString() {
        return "CoreBudget[" + name + ", cores=" + cores + (Fibers.customScheduler() ? "" : ", JDK scheduler") + "]";
    }

    // ------------------------------------------------------------ for pools and carriers

    /** A one-core budget carried by the calling thread once it calls {@link #drive}. */
    static CoreBudget callerDriven(String name) {
        return new CoreBudget(name);
    }

    /** Runs the carrier loop of a caller-driven budget on the calling thread until {@code done}. */
    void drive(java.util.function.BooleanSupplier done) {
        Carrier c = carriers[0];
        if (c.thread != Thread.currentThread()) {
            throw new IllegalStateException("only the creating thread drives budget " + name);
        }
        c.runUntil(done);
    }

    Executor scheduler() {
        return simulated != null ? simulated : scheduler;
    }

    /** A budget whose continuations go to {@code scheduler}, driven by a simulation test. */
    static CoreBudget simulated(Executor scheduler) {
        return new CoreBudget(scheduler, "sim-budget-" + IDS.incrementAndGet());
    }

    String name() {
        return name;
    }

    void register(Pool pool) {
        if (closed) {
            throw new IllegalStateException("budget " + name + " is closed");
        }
        pools.add(pool);
    }

    void unregister(Pool pool) {
        pools.remove(pool);
    }

    Runnable poll() {
        return queue.poll();
    }

    boolean hasQueuedContinuations() {
        return !queue.isEmpty();
    }

    boolean carriersMayExit() {
        return closed && pools.isEmpty() && queue.isEmpty();
    }

    boolean poolsHaveQueuedWork() {
        for (Pool p : pools) {
            if (p.hasQueuedWork()) {
                return true;
            }
        }
        return false;
    }

    /** Starts a helper worker for the first pool that needs one; true if it did. */
    boolean compensate() {
        for (Pool p : pools) {
            if (p.compensate()) {
                return true;
            }
        }
        return false;
    }

    /** Asks a sleeping carrier to look for pools that need compensation. */
    void nudge() {
        wakeOne(true);
    }

    private void submitContinuation(Runnable continuation) {
        queue.offer(continuation);
        wakeOne(false);
    }

    /** Wakes one idle carrier (only a sleeping one if {@code sleepingOnly}), if any is idle. */
    private void wakeOne(boolean sleepingOnly) {
        if (idleCarriers.get() > 0) {
            for (Carrier c : carriers) {
                if (c.wake(sleepingOnly)) {
                    return;
                }
            }
        }
    }
}
