package dev.tidepool.runners;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A fixed number of cores shared by every pool built on it. The budget owns {@link #cores()}
 * platform "carrier" threads; the workers of all its pools are virtual threads that run only on
 * those carriers, so together the pools never run more than {@code cores()} tasks at once, however
 * many workers each has.
 *
 * <p>The budget shares its cores fairly: while several pools have work, each gets cores in
 * proportion to its weight ({@link PoolBuilder#weight}, 1 by default), and a pool that was idle is
 * owed time and gets a core at the next preemption point of a busier pool. A task gives its core
 * up only at preemption points: between tasks, at fork-join forks, joins and range chunks, in
 * {@code Fut.await}, {@code Switch.check()} and {@link Runner#yieldNow()}; each costs one read
 * while nobody is owed time. A pool alone on the budget gets all of it.
 *
 * <p>Carrier threads exist only while pools use the budget: once its last pool has terminated,
 * they exit after one second without work, and the next pool built on the budget starts them
 * again. A budget that is never closed therefore costs no thread once its pools are gone;
 * {@link #close()} makes that immediate and final.
 *
 * <p>Without {@code --add-opens java.base/java.lang=ALL-UNNAMED} the JVM does not let Tidepool
 * schedule virtual threads itself: workers then run on the JDK's default virtual-thread scheduler,
 * whose parallelism replaces this budget, and no sharing policy applies (a warning is logged once).
 */
public final class CoreBudget implements AutoCloseable {
    /*
     * Implementation overview: the budget is its Scheduler (per-pool queues of continuations,
     * fair choice, preemption requests, carriers and their idling; see there) plus a name and the
     * rule that only budgets made by of(int) can be closed. Pools join the scheduler when they
     * start and leave it when they terminate; the carriers exit a keep-alive time after the last
     * one left and start again when the next one joins; close() stops them for good.
     */
    private static final AtomicInteger IDS = new AtomicInteger();

    private final int cores;
    private final String name;
    private final boolean closeable;
    private final Scheduler scheduler;

    private CoreBudget(int cores, String name, boolean closeable, Scheduler scheduler) {
        this.cores = cores;
        this.name = name;
        this.closeable = closeable;
        this.scheduler = scheduler;
    }

    private static CoreBudget started(int cores, String name, boolean closeable) {
        boolean own = Fibers.customScheduler();
        return new CoreBudget(cores, name, closeable, new Scheduler(name, own ? cores : 1, own));
    }

    /**
     * A new budget of {@code cores} carrier threads. Close it once its pools are shut down (or let
     * its carriers exit by themselves a second after the last pool terminated).
     *
     * @param cores the number of carrier threads, so of tasks running at once
     * @return the started budget
     * @throws IllegalArgumentException if {@code cores < 1}
     */
    public static CoreBudget of(int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1: " + cores);
        }
        return started(cores, "tidepool-budget-" + IDS.incrementAndGet(), true);
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
        static final CoreBudget INSTANCE = started(Runtime.getRuntime().availableProcessors(), "tidepool-shared", false);
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
     * Stops the carrier threads and waits for them to exit; no pool can be built on the budget
     * afterwards. Has no effect on {@link #shared()}.
     *
     * @throws IllegalStateException if a pool built on this budget has not terminated yet
     */
    @Override
    public void close() {
        if (!closeable) {
            return;
        }
        if (scheduler.hasShares()) {
            throw new IllegalStateException("budget " + name + " still runs pools " + scheduler.poolNames());
        }
        scheduler.close();
    }

    @Override
    public String toString() {
        return "CoreBudget[" + name + ", cores=" + cores + (Fibers.customScheduler() ? "" : ", JDK scheduler") + "]";
    }

    // ------------------------------------------------------------ for pools

    /** A one-core budget carried by the calling thread once it calls {@link #drive}. */
    static CoreBudget callerDriven(String name) {
        return new CoreBudget(1, name, true, new Scheduler(name, Thread.currentThread()));
    }

    /**
     * A budget without carriers for the simulation of the pool protocol: continuations go to
     * {@code scheduler}, which a test drives.
     */
    static CoreBudget simulated(Executor scheduler) {
        String name = "sim-budget-" + IDS.incrementAndGet();
        return new CoreBudget(1, name, true, new Scheduler(name, scheduler));
    }

    /** Runs the carrier loop of a caller-driven budget on the calling thread until {@code done}. */
    void drive(BooleanSupplier done) {
        Carrier c = scheduler.carriers[0];
        if (c.thread != Thread.currentThread()) {
            throw new IllegalStateException("only the creating thread drives budget " + name);
        }
        scheduler.carry(c, done);
    }

    String name() {
        return name;
    }

    /** Registers a pool with its weight; its virtual threads are scheduled by {@link #executor}. */
    Share join(BudgetMember pool, int weight) {
        return scheduler.join(pool, weight);
    }

    void leave(Share share) {
        scheduler.leave(share);
    }

    Executor executor(Share share) {
        return scheduler.executorFor(share);
    }

    /** Asks a sleeping carrier to look for pools whose workers sit in JDK waits. */
    void nudge() {
        scheduler.nudge();
    }

    /** One compensation pass, as an idle carrier makes (used by the simulation). */
    boolean compensate() {
        return scheduler.compensate();
    }
}
