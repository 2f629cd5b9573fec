package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Deterministic simulation of the pool protocol (submit, idle, wake-up, suspend hand-off,
 * shutdown, shutdownNow, termination) with the real Pool, Worker and queue classes, every thread
 * on one {@link SimScheduler}. Runs in its own JVM with {@code -Dtidepool.sim=true}; a failure
 * names its seed, and {@code -Dtidepool.sim.seed=N} replays it with a trace.
 */
@Tag("simulation")
class PoolSimulationTest {
    private static final long SEEDS = Long.getLong("tidepool.sim.seeds", Runs.pick(2_000, 100_000));
    private static final Long REPLAY = Long.getLong("tidepool.sim.seed");
    /** Run every seed and report the failures by kind instead of stopping at the first. */
    private static final boolean SURVEY = Boolean.getBoolean("tidepool.sim.survey");
    private static final int MAX_STEPS = 200_000;

    static final AtomicLong STEPS = new AtomicLong();

    record Accepted(Fut<Integer> fut, AtomicInteger runs, boolean child) {}

    /** Two submitters whose tasks spawn a child each race shutdownNow on a 2-worker pool. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownNowRacingSubmittersLosesNoTask(Kind kind) {
        forEachSeed(kind, seed -> {
            SimScheduler sim = new SimScheduler(seed, MAX_STEPS, false);
            Sim.log = REPLAY != null ? new StringBuilder() : null;
            CoreBudget budget = CoreBudget.simulated(sim);
            Pool pool = kind.build("sim-" + seed, 2, budget, sim);
            List<Accepted> accepted = new ArrayList<>();
            AtomicInteger finished = new AtomicInteger();
            int perSubmitter = 3;
            Runnable submitter = () -> {
                try {
                    for (int i = 0; i < perSubmitter; i++) {
                        AtomicInteger runs = new AtomicInteger();
                        AtomicInteger childRuns = new AtomicInteger();
                        Fut<Integer> f = pool.spawn(() -> {
                            runs.incrementAndGet();
                            Fut<Integer> child = pool.spawn(childRuns::incrementAndGet); // may be rejected
                            accepted.add(new Accepted(child, childRuns, true));
                            return 1;
                        });
                        accepted.add(new Accepted(f, runs, false));
                    }
                } catch (RejectedExecutionException e) {
                    // stopped by the shutdown
                } finally {
                    finished.incrementAndGet();
                }
            };
            Thread.Builder.OfVirtual vt = Fibers.builder(sim);
            vt.name("submitter-a").start(submitter);
            vt.name("submitter-b").start(submitter);
            int delay = (int) (seed % 97); // scheduling steps before the shutdown, from none to many
            vt.name("shutdown").start(() -> {
                for (int i = 0; i < delay; i++) {
                    Thread.yield();
                }
                pool.shutdownNow();
                finished.incrementAndGet();
            });
            boolean completed = sim.run(() -> finished.get() == 3 && pool.isTerminated(), MAX_STEPS);
            STEPS.addAndGet(sim.steps());
            String where = kind + " seed " + seed + " (" + sim.steps() + " steps): " + pool;
            assertTrue(completed, where + ": stuck, every thread parked or out of steps" + trace(sim));
            for (Accepted a : accepted) {
                assertTrue(a.fut().isDone(), where + ": a future was left pending after termination (a "
                        + (a.child() ? "child" : "submitted task") + ", run " + a.runs().get() + " times)" + trace(sim));
                int runs = a.runs().get();
                if (a.fut().isCancelled()) {
                    assertTrue(runs <= 1, where + ": a cancelled task ran " + runs + " times");
                    try {
                        a.fut().await();
                    } catch (CancellationException expected) {
                        // the shutdown's cancellation
                    }
                } else {
                    assertTrue(runs == 1, where + ": a task that was not cancelled ran " + runs + " times");
                }
            }
        });
    }

    /**
     * Interleavings the simulation found, replayed as scripts so that they keep failing on the
     * protocol they broke whatever else changes in the random search.
     * <ul>
     * <li>LOST_CHILD, NEVER_TERMINATES: a submitter marks the only idle worker SIGNALLED and,
     * before it counts that worker as busy, the worker wakes (on a stray permit, or on shutdownNow's
     * unpark) and runs. In the first, the worker takes the task and, inside it, checks the pool is
     * running before it queues a child; shutdownNow then runs to the end, finds busy = 0,
     * terminates and drains, and the child queued right after is never run nor cancelled: the lost
     * task. In the second, the woken worker leaves on stop first: busy goes to -1, then back to 0
     * when the submitter counts, and nobody is left to terminate the pool. Fix: a worker is counted
     * before it is signalled.
     * <li>GRACEFUL_CANCELS: termination read busy, then inflight, then the queues; a worker leaving
     * idle took the last task between the first and the last read, so the pool terminated under a
     * graceful shutdown while that task ran, and cancelled the child it queued. Fix: read inflight,
     * then the queues, then busy (the order in which a task moves).
     * <li>STOP_HANGS: a task queues a child after shutdownNow drained the queues and awaits it; no
     * worker runs it (the pool is stopping) and termination, which would cancel it, waits for the
     * awaiting task: for ever. Fix: a push that finds the pool stopped cancels what is queued.
     * </ul>
     */
    enum Script {
        LOST_CHILD(false, false), NEVER_TERMINATES(false, false), GRACEFUL_CANCELS(true, false), STOP_HANGS(false, true);

        final boolean graceful;
        final boolean awaitChild;

        Script(boolean graceful, boolean awaitChild) {
            this.graceful = graceful;
            this.awaitChild = awaitChild;
        }

        List<String[]> steps(String w) {
            String[] parked = {"!run", w};
            return switch (this) {
                case LOST_CHILD -> List.of(
                        new String[] {w, "idle: queues empty"}, parked,
                        new String[] {"shutdown", "shutdown: begin"},
                        new String[] {"submitter", "signalWork: slot signalled"},
                        new String[] {"!wake", w},                                      // a stray permit
                        new String[] {w, "runFromWorker: state checked"},               // inside the task
                        new String[] {"!finish", "shutdown"});
                case NEVER_TERMINATES -> List.of(
                        new String[] {w, "idle: queues empty"}, parked,
                        new String[] {"shutdown", "shutdown: begin"},
                        new String[] {"submitter", "signalWork: slot signalled"},
                        new String[] {"shutdown", "shutdownNow: woke a worker"},        // unparks the worker
                        new String[] {w, "leaveOnStop: slot dropped"}, new String[] {"!finish", w},
                        new String[] {"!finish", "shutdown"});
                case GRACEFUL_CANCELS -> List.of(
                        new String[] {w, "idle: busy down"},                            // about to look at the queues
                        new String[] {"shutdown", "shutdown: begin"},
                        new String[] {"submitter", "run: pushed"},
                        new String[] {"shutdown", "shutdown: SHUTDOWN"}, new String[] {"!finish", "shutdown"},
                        new String[] {"submitter", "tryTerminate: state read"},
                        new String[] {"!run", "submitter"}, new String[] {"!run", "submitter"}, // two reads
                        new String[] {w, "loop: took"},                                 // takes the task
                        new String[] {"!run", "submitter"},                             // the third read
                        new String[] {w, "runFromWorker: pushed"},                      // queues a child
                        new String[] {"!finish", "submitter"});
                case STOP_HANGS -> List.of(
                        new String[] {w, "idle: queues empty"}, parked,
                        new String[] {"shutdown", "shutdown: begin"},
                        new String[] {"!finish", "submitter"},
                        new String[] {w, "runFromWorker: state checked"},
                        new String[] {"!finish", "shutdown"});
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Script.class)
    void scriptedInterleavingsLoseNothingAndTerminate(Script script) {
        for (Kind kind : Kind.values()) {
            SimScheduler sim = new SimScheduler(1, MAX_STEPS, false);
            Sim.log = new StringBuilder();
            Pool pool = kind.build("scripted", 1, CoreBudget.simulated(sim), sim);
            sim.script(script.steps("scripted.worker.0"));
            List<Accepted> accepted = new ArrayList<>();
            AtomicInteger finished = new AtomicInteger();
            Thread.Builder.OfVirtual vt = Fibers.builder(sim);
            vt.name("submitter").start(() -> {
                try {
                    AtomicInteger runs = new AtomicInteger();
                    AtomicInteger childRuns = new AtomicInteger();
                    Fut<Integer> f = pool.spawn(() -> {
                        runs.incrementAndGet();
                        Fut<Integer> child = pool.spawn(childRuns::incrementAndGet);
                        accepted.add(new Accepted(child, childRuns, true));
                        return script.awaitChild ? child.await() : 1;
                    });
                    accepted.add(new Accepted(f, runs, false));
                } finally {
                    finished.incrementAndGet();
                }
            });
            vt.name("shutdown").start(() -> {
                Sim.point("shutdown: begin");
                if (script.graceful) {
                    pool.shutdown();
                } else {
                    pool.shutdownNow();
                }
                finished.incrementAndGet();
            });
            boolean completed = sim.run(() -> finished.get() == 2 && pool.isTerminated(), MAX_STEPS);
            String where = script + " on " + kind + ": " + pool + "\nsteps:\n" + Sim.log;
            Sim.log = null;
            assertTrue(completed, "the pool never terminated: " + where);
            for (Accepted a : accepted) {
                assertTrue(a.fut().isDone(), "a " + (a.child() ? "child" : "task") + " was left pending after termination, run "
                        + a.runs().get() + " times: " + where);
                if (script.graceful) {
                    assertTrue(a.fut().isSuccess(), "a graceful shutdown failed a " + (a.child() ? "child" : "task") + ": "
                            + a.fut() + " " + where);
                }
            }
        }
    }

    /**
     * A task suspends, so its worker hands its core slot to a new worker, and shutdownNow runs
     * right after the new worker is published in the slot. It interrupts every worker holding a
     * slot: on the code before the fix the new worker's thread was not set yet, and shutdownNow
     * threw a NullPointerException (found by the random search, WS seed 238 and FIFO seed 428 once
     * the start of a worker had a scheduling point; the same exception showed up on real threads
     * when a pause was put into signalWork). Fix: the thread is created and set before the worker
     * is published.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void shutdownNowRightAfterAWorkerIsPublishedInterruptsIt(Kind kind) {
        SimScheduler sim = new SimScheduler(1, MAX_STEPS, false);
        Sim.log = new StringBuilder();
        Pool pool = kind.build("starting", 1, CoreBudget.simulated(sim), sim);
        sim.script(List.of(
                new String[] {"starting.worker.0", "idle: queues empty"},
                new String[] {"!run", "starting.worker.0"},                                   // parks, idle
                new String[] {"submitter", "signalWork: slot signalled"},                     // spawns the task
                new String[] {"!run", "submitter"},                                           // wakes the worker
                new String[] {"starting.worker.0", "startWorker: owner published"},           // it suspends: a new worker
                new String[] {"!finish", "shutdown"}));                                       // shutdownNow, to the end
        dev.tidepool.futures.Promise<Integer> gate = Fut.promise();
        List<Fut<Integer>> spawned = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> shutdownFailed = new java.util.concurrent.atomic.AtomicReference<>();
        AtomicInteger finished = new AtomicInteger();
        Thread.Builder.OfVirtual vt = Fibers.builder(sim);
        vt.name("submitter").start(() -> {
            spawned.add(pool.spawn(() -> gate.fut().await()));
            finished.incrementAndGet();
        });
        vt.name("shutdown").start(() -> {
            Sim.point("shutdown: begin");
            try {
                pool.shutdownNow();
            } catch (Throwable t) {
                shutdownFailed.set(t);
            }
            gate.complete(7); // lets the suspended task end, so the pool can terminate
            finished.incrementAndGet();
        });
        boolean completed;
        try {
            completed = sim.run(() -> finished.get() == 2 && pool.isTerminated(), MAX_STEPS);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nsteps:\n" + Sim.log, e);
        }
        String where = kind + ": " + pool + "\nsteps:\n" + Sim.log;
        Sim.log = null;
        assertTrue(shutdownFailed.get() == null, "shutdownNow threw " + shutdownFailed.get() + " on " + where);
        assertTrue(completed, "the pool never terminated: " + where);
        assertTrue(spawned.getFirst().isDone(), "the task was left pending: " + where);
    }

    /**
     * Everything at once on a 2-worker pool, then a graceful shutdown or shutdownNow: plain tasks,
     * tasks that spawn and await a child (inline or suspended), tasks that await a promise another
     * thread completes (suspension hand-off, spares), tasks blocked on a latch that a later
     * task opens (helpers started by the carrier's compensation step), and tasks that queue parts
     * and pass a preemption point while others wait (a time slice's set-aside: in a simulation
     * every such point counts as the end of a slice).
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void mixedWorkThenShutdownLosesNoTaskAndTerminates(Kind kind) {
        forEachSeed(kind, seed -> {
            SimScheduler sim = new SimScheduler(seed, MAX_STEPS, false);
            Sim.log = REPLAY != null ? new StringBuilder() : null;
            SplittableRandom rnd = new SplittableRandom(seed * 31 + 7);
            CoreBudget budget = CoreBudget.simulated(sim);
            Pool pool = kind.build("mixed-" + seed, 2, budget, sim);
            sim.carrierStep(budget::compensate);
            boolean graceful = rnd.nextBoolean();
            List<Accepted> accepted = new CopyOnWriteArrayList<>();
            AtomicInteger finished = new AtomicInteger();
            dev.tidepool.futures.Promise<Integer> promise = Fut.promise();
            CountDownLatch latch = new CountDownLatch(1);
            int[] kinds = new int[6];
            for (int i = 0; i < kinds.length; i++) {
                kinds[i] = rnd.nextInt(5);
            }
            boolean latchOpenerSent = false;
            Runnable submitter = () -> {
                try {
                    for (int k : kinds) {
                        AtomicInteger runs = new AtomicInteger();
                        Fut<Integer> f = pool.spawn(() -> {
                            runs.incrementAndGet();
                            switch (k) {
                                case 1 -> {
                                    AtomicInteger childRuns = new AtomicInteger();
                                    Fut<Integer> child = pool.spawn(childRuns::incrementAndGet);
                                    accepted.add(new Accepted(child, childRuns, true));
                                    child.await();
                                    // Back from a suspension the worker may have no slot: it queues
                                    // this one from a floating slot (work-stealing pools).
                                    AtomicInteger laterRuns = new AtomicInteger();
                                    Fut<Integer> later = pool.spawn(laterRuns::incrementAndGet);
                                    accepted.add(new Accepted(later, laterRuns, true));
                                    later.await();
                                }
                                case 4 -> {
                                    // Two parts in its deque, then a preemption point: while tasks
                                    // from outside wait, the job is set aside, its deque moved to
                                    // a floating slot and its core slot handed to another worker.
                                    List<Fut<Integer>> parts = new ArrayList<>();
                                    for (int p = 0; p < 2; p++) {
                                        AtomicInteger partRuns = new AtomicInteger();
                                        Fut<Integer> part = pool.spawn(partRuns::incrementAndGet);
                                        accepted.add(new Accepted(part, partRuns, true));
                                        parts.add(part);
                                    }
                                    Runner.yieldNow();
                                    for (Fut<Integer> part : parts) {
                                        part.await();
                                    }
                                }
                                case 2 -> promise.fut().await();
                                case 3 -> latch.await();
                                default -> { }
                            }
                            return 1;
                        });
                        accepted.add(new Accepted(f, runs, false));
                    }
                } catch (RejectedExecutionException e) {
                    // stopped by the shutdown
                } finally {
                    finished.incrementAndGet();
                }
            };
            Thread.Builder.OfVirtual vt = Fibers.builder(sim);
            vt.name("submitter-a").start(submitter);
            vt.name("submitter-b").start(submitter);
            vt.name("completer").start(() -> {
                int wait = rnd.nextInt(60);
                for (int i = 0; i < wait; i++) {
                    Sim.point("completer: waits");
                }
                promise.complete(7);
                latch.countDown(); // opened by a thread outside the pool
                finished.incrementAndGet();
            });
            int delay = rnd.nextInt(120);
            vt.name("shutdown").start(() -> {
                for (int i = 0; i < delay; i++) {
                    Sim.point("shutdown: waits");
                }
                if (graceful) {
                    pool.shutdown();
                } else {
                    pool.shutdownNow();
                }
                finished.incrementAndGet();
            });
            boolean completed = sim.run(() -> finished.get() == 4 && pool.isTerminated(), MAX_STEPS);
            STEPS.addAndGet(sim.steps());
            String where = kind + " seed " + seed + (graceful ? " shutdown" : " shutdownNow") + " (" + sim.steps() + " steps): " + pool;
            assertTrue(completed, where + ": stuck, every thread parked or out of steps" + trace(sim));
            for (Accepted a : accepted) {
                assertTrue(a.fut().isDone(), where + ": a future was left pending after termination (a "
                        + (a.child() ? "child" : "submitted task") + ", run " + a.runs().get() + " times)" + trace(sim));
                int runs = a.runs().get();
                if (a.fut().isCancelled()) {
                    String why = a.fut().peek().orElseThrow().toString();
                    assertTrue(!graceful, where + ": a graceful shutdown cancelled a " + (a.child() ? "child" : "submitted task")
                            + " (run " + runs + " times): " + why + trace(sim));
                    assertTrue(runs <= 1, where + ": a cancelled task ran " + runs + " times");
                } else {
                    assertTrue(runs == 1, where + ": a task that was not cancelled ran " + runs + " times");
                }
            }
        });
    }

    private static String trace(SimScheduler sim) {
        return Sim.log == null ? "" : "\nsteps:\n" + Sim.log;
    }

    interface SeedRun {
        void run(long seed);
    }

    private static void forEachSeed(Kind kind, SeedRun body) {
        if (REPLAY != null) {
            body.run(REPLAY);
            return;
        }
        assertTrue(Sim.ENABLED, "run with -Dtidepool.sim=true (the 'simulation' Surefire execution does)");
        long base = Long.getLong("tidepool.sim.base", 1L);
        long start = System.nanoTime();
        Map<String, String> failures = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (long seed = base; seed < base + SEEDS; seed++) {
            try {
                body.run(seed);
            } catch (AssertionError e) {
                if (!SURVEY) {
                    throw e;
                }
                String m = String.valueOf(e.getMessage());
                String kindOfFailure = m.replaceAll("(?s).*?\\]: ", "").replaceAll("(?s)[(,=].*", "");
                failures.putIfAbsent(kindOfFailure, "seed " + seed);
                counts.merge(kindOfFailure, 1, Integer::sum);
            }
        }
        if (!counts.isEmpty()) {
            throw new AssertionError(kind + ": failures by kind " + counts + ", first seeds " + failures);
        }
        System.out.printf("simulation %s: %d seeds from %d, %d steps in all, %.1f s%n", kind, SEEDS, base, STEPS.getAndSet(0),
                (System.nanoTime() - start) / 1e9);
    }
}
