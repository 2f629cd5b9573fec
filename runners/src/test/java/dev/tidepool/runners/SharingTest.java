package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.switches.Switch;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pools sharing one core: a task of a busy pool gives the core up at its preemption points when
 * another pool is owed time. On a budget of one core nothing else can run another pool's task, so
 * "the other pool's task ran before the busy task finished" is a fact, not a likely outcome.
 */
class SharingTest {
    /** Where a busy task of pool A reaches preemption points (user code only; fork-join has its own test). */
    enum Point {
        YIELD_NOW, SWITCH_CHECK, AWAIT_SETTLED, TASK_BOUNDARY
    }

    /**
     * Pool A is kept busy on a one-core budget, progressing through {@code total} steps that each
     * pass a preemption point; then a task is submitted to pool B. The step count A had reached
     * when B's task ran must be below {@code total}: B got the core in the middle of A's work.
     */
    @ParameterizedTest
    @EnumSource(Point.class)
    void anIdlePoolGetsTheCoreAtTheBusyPoolsNextPreemptionPoint(Point point) throws InterruptedException {
        long total = 50_000_000L;
        try (CoreBudget one = CoreBudget.of(1)) {
            Pool a = Kind.WS.build("busy", 1, one);
            Pool b = Kind.FIFO.build("owed", 1, one);
            AtomicLong steps = new AtomicLong();
            AtomicLong seenByB = new AtomicLong(-1);
            AtomicBoolean bRan = new AtomicBoolean();
            CountDownLatch aStarted = new CountDownLatch(1);
            Switch sw = Switch.create();
            Fut<Integer> settled = Fut.of(1);
            Fut<Object> work;
            if (point == Point.TASK_BOUNDARY) {
                work = a.spawn(() -> {
                    aStarted.countDown();
                    return null;
                });
                chain(a, steps, total, bRan);
            } else {
                work = a.spawn(sw, () -> {
                    aStarted.countDown();
                    for (long i = 0; i < total && !bRan.get(); i++) {
                        steps.incrementAndGet();
                        switch (point) {
                            case YIELD_NOW -> Runner.yieldNow();
                            case SWITCH_CHECK -> sw.check();
                            case AWAIT_SETTLED -> settled.await();
                            default -> throw new AssertionError(point);
                        }
                    }
                    return null;
                });
            }
            Stuck.await(aStarted, "busy task started");
            Fut<Object> owed = b.spawn(() -> {
                seenByB.set(steps.get());
                bRan.set(true);
                return null;
            });
            Stuck.await(owed, "the task of the pool owed time");
            Stuck.await(work, "the busy pool's work");
            assertTrue(seenByB.get() < total, point + ": B ran only after A's " + total + " steps");
            a.shutdown();
            b.shutdown();
        }
    }

    /**
     * Pool A runs alone on a one-core budget, its worker going from task to task without ever
     * parking, when pool B is built on the same budget and given a task: B's task must run in the
     * middle of A's work. (A worker mounted while its pool was alone used to be invisible to
     * preemption, so B waited for all of A's work, or for ever when A's work did not end.)
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aPoolBuiltWhileAnotherRunsAloneGetsTheCore(Kind kindOfB) throws InterruptedException {
        long total = 50_000_000L;
        try (CoreBudget one = CoreBudget.of(1)) {
            Pool a = Kind.WS.build("alone", 1, one);
            AtomicLong steps = new AtomicLong();
            AtomicLong seenByB = new AtomicLong(-1);
            AtomicBoolean bRan = new AtomicBoolean();
            CountDownLatch aRunning = new CountDownLatch(1);
            Fut<Object> started = a.spawn(() -> {
                aRunning.countDown();
                return null;
            });
            chain(a, steps, total, bRan);
            Stuck.await(aRunning, "the lone pool's work started");
            Stuck.await(started, "the lone pool's first task");
            try (Pool b = kindOfB.build("newcomer", 1, one)) {
                Fut<Object> owed = b.spawn(() -> {
                    seenByB.set(steps.get());
                    bRan.set(true);
                    return null;
                });
                Stuck.await(owed, "the newcomer's task");
                assertTrue(seenByB.get() < total, "the newcomer ran only after the lone pool's " + total + " steps");
            }
            a.shutdown();
            assertTrue(Stuck.awaitTermination(a), "the lone pool terminated");
        }
    }

    /** A chain of short tasks, each submitting the next: a task boundary between any two steps. */
    private static void chain(Pool a, AtomicLong steps, long total, AtomicBoolean stop) {
        a.run(new Runnable() {
            @Override
            public void run() {
                if (steps.incrementAndGet() < total && !stop.get()) {
                    a.run(this);
                }
            }
        });
    }

    @Test
    void yieldNowOutsideARunnerReturnsAtOnce() {
        Runner.yieldNow(); // on the test's own thread: nothing to give up
        try (Pool p = Kind.FIFO.build("alone", 1)) {
            assertEquals(3, Stuck.await(p.spawn(() -> {
                for (int i = 0; i < 1000; i++) {
                    Runner.yieldNow(); // nobody owed time: returns
                }
                return 3;
            }), "yieldNow in a lone pool"));
        }
    }

    @Test
    void weightMustBePositiveNamingTheValue() {
        for (int bad : new int[] {0, -3}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WsPool.builder().weight(bad));
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> FifoPool.builder().weight(bad));
        }
    }

    /**
     * Two saturating pools of weights 3 and 1 on one core: the heavier one does clearly more work
     * (about three times as much; the benchmark 'share' measures the ratio itself).
     */
    @Test
    void aHeavierPoolGetsMoreOfASharedCore() throws InterruptedException {
        try (CoreBudget one = CoreBudget.of(1)) {
            WsPool heavy = WsPool.builder().name("heavy").threads(1).weight(3).budget(one).build();
            WsPool light = WsPool.builder().name("light").threads(1).weight(1).budget(one).build();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong heavySteps = new AtomicLong();
            AtomicLong lightSteps = new AtomicLong();
            Fut<Object> h = heavy.spawn(() -> spinUntil(stop, heavySteps));
            Fut<Object> l = light.spawn(() -> spinUntil(stop, lightSteps));
            long deadline = System.nanoTime() + Stuck.LIMIT.toNanos();
            while (heavySteps.get() + lightSteps.get() < 40_000_000L) { // both pools run on the budget's carrier
                if (System.nanoTime() > deadline) {
                    Stuck.failWithDump("40M steps not reached: " + heavySteps + " + " + lightSteps);
                }
                Thread.sleep(10); // watching progress, not waiting for an event
            }
            stop.set(true);
            Stuck.await(h, "heavy");
            Stuck.await(l, "light");
            assertTrue(heavySteps.get() > 2 * lightSteps.get(), "weight 3 vs 1: " + heavySteps + " vs " + lightSteps);
            assertTrue(lightSteps.get() > 0, "the light pool ran too");
            heavy.shutdown();
            light.shutdown();
        }
    }

    private static Object spinUntil(AtomicBoolean stop, AtomicLong steps) {
        while (!stop.get()) {
            for (int i = 0; i < 1000; i++) {
                steps.incrementAndGet();
            }
            Runner.yieldNow();
        }
        return null;
    }
}
