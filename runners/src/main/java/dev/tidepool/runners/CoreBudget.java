package dev.tidepool.runners;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
     * (fairness between pools).
     *
     * A worker that a pool wakes from idle because work arrived (wakeIdle) goes to a second queue,
     * `woken`, which carriers poll first, and the pool's bit (one of 64, pools share bits beyond
     * that) is or-ed into `wokenPools`. Running workers of *other* pools yield at their next task
     * boundary while a bit not their own is set (Worker.runTask, Worker.taskBoundary): a pool that
     * was idle, such as one taking requests, gets a core within one task of a saturating pool
     * instead of after whole quanta, while a pool's own wake-ups never make its busy workers yield
     * (they are draining the same queues). A woken worker that runs longer than a quantum yields
     * to the back like any other, so the lane cannot starve anyone.
     *
     * `wokenPools` is cleared by a carrier that finds `woken` empty, which then re-reads the queue
     * and, if an offer slipped in, sets every bit (the offering pool is no longer known; the cost
     * is one extra yield). The thread doing wakeIdle names its pool in a ThreadLocal around the
     * unpark, because the JDK hands the scheduler only the continuation (it calls the scheduler on
     * the unparking thread). One race stays: a wake-up that arrives while the worker is still on
     * its way into park only leaves a permit, and the JDK resubmits the worker from the carrier,
     * into the normal queue; that wake-up then waits like any other, up to a quantum per busy
     * fiber ahead of it.
     *
     * Carriers park when idle (see Carrier for the wake-up protocol). Pools register here so that
     * an idle carrier can find a pool whose workers sit in JDK waits and start a helper worker for
     * it. Carriers are daemon threads; close() stops them once no pool is left on the budget.
     */
    private static final AtomicInteger IDS = new AtomicInteger();

    private final int cores;
    private final String name;
    private static final ThreadLocal<Pool> WAKING_IDLE = new ThreadLocal<>();
    private static final VarHandle WOKEN_POOLS;

    static {
        try {
            WOKEN_POOLS = MethodHandles.lookup().findVarHandle(CoreBudget.class, "wokenPools", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MpmcUnboundedXaddArrayQueue<Runnable> queue = new MpmcUnboundedXaddArrayQueue<>(1024);
    /** Continuations of workers woken from idle; polled before {@link #queue}. */
    private final MpmcUnboundedXaddArrayQueue<Runnable> woken = new MpmcUnboundedXaddArrayQueue<>(256);
    /**
     * Bits of the pools with a worker in {@link #woken}: or-ed in after the offer, cleared by a
     * carrier that finds the lane empty (see the overview). Written rarely, so fork-join code can
     * read it at every join for the price of one read of a line that stays cached.
     */
    private volatile long wokenPools;
    private final AtomicInteger poolBits = new AtomicInteger();
    private final Carrier[] carriers;
    private final List<Pool> pools = new CopyOnWriteArrayList<>();
    private final Executor scheduler = this::submitContinuation;
    final AtomicInteger idleCarriers = new AtomicInteger();
    private final boolean closeable;
    private volatile boolean closed;

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
            LockSupport.unpark(c.thread);
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
        return scheduler;
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
        if (wokenPools != 0L) {
            Runnable r = woken.poll();
            if (r != null) {
                return r;
            }
            wokenPools = 0L;
            if (!woken.isEmpty()) {
                wokenPools = -1L; // an offer raced the clear: its pool is unknown, so all bits
            }
        }
        Runnable r = queue.poll();
        return r != null ? r : woken.poll(); // an offer whose bit is not set yet
    }

    boolean hasQueuedContinuations() {
        return !woken.isEmpty() || !queue.isEmpty();
    }

    /** Bits of the pools with a worker woken from idle waiting for a carrier (one volatile read). */
    long wokenPools() {
        return wokenPools;
    }

    /** The bit a new pool on this budget is known by in {@link #wokenPools()}. */
    long nextPoolBit() {
        return 1L << (poolBits.getAndIncrement() & 63);
    }

    boolean carriersMayExit() {
        return closed && pools.isEmpty() && queue.isEmpty() && woken.isEmpty();
    }

    /** Unparks {@code worker}, an idle fiber of {@code pool} (on this budget), into the woken lane. */
    void wakeIdle(Pool pool, Thread worker) {
        WAKING_IDLE.set(pool);
        try {
            LockSupport.unpark(worker);
        } finally {
            WAKING_IDLE.remove();
        }
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
        Pool waking = WAKING_IDLE.get();
        submit(continuation, waking == null ? 0L : waking.budgetBit);
    }

    /**
     * Queues a continuation, in the woken lane for the pool known by {@code wokenPoolBit} if that
     * is not 0, and wakes a carrier.
     */
    void submit(Runnable continuation, long wokenPoolBit) {
        if (wokenPoolBit != 0L) {
            woken.offer(continuation);
            WOKEN_POOLS.getAndBitwiseOr(this, wokenPoolBit);
        } else {
            queue.offer(continuation);
        }
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
