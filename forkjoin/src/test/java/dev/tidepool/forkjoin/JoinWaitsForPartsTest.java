package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "No method returns before every part it started has finished": a part stolen by another worker
 * is waited for even when the caller's switch turns off during the join.
 */
class JoinWaitsForPartsTest {
    /** Work that takes a while after the switch is off: the window in which a join could leave. */
    private static void workAfterTheSwitchIsOff(Switch sw, CountDownLatch started, AtomicBoolean finished) {
        started.countDown();
        long until = 0;
        while (until == 0 || System.nanoTime() < until) {
            if (until == 0 && sw.isOff()) {
                until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            }
            Thread.onSpinWait();
        }
        finished.set(true);
    }

    private static void awaitLatch(CountDownLatch l) {
        try {
            assertTrue(l.await(60, TimeUnit.SECONDS), "the stolen part never started");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    interface Body {
        void run(Switch sw, CountDownLatch stolenStarted, AtomicBoolean stolenFinished);
    }

    private static void check(Setup setup, Body body) {
        try (Setup.Env env = setup.open()) {
            for (int round = 0; round < 5; round++) {
                Switch sw = Switch.create();
                CountDownLatch stolenStarted = new CountDownLatch(1);
                AtomicBoolean stolenFinished = new AtomicBoolean();
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                AtomicBoolean finishedWhenReturned = new AtomicBoolean();
                CountDownLatch returned = new CountDownLatch(1);
                Fut<Object> f = env.pool().spawn(sw, () -> {
                    try {
                        body.run(sw, stolenStarted, stolenFinished);
                    } catch (Throwable e) {
                        thrown.set(e);
                    } finally {
                        finishedWhenReturned.set(stolenFinished.get());
                        returned.countDown();
                    }
                    return null;
                });
                awaitLatch(returned);
                assertTrue(finishedWhenReturned.get(), setup + ", round " + round + ": returned while a stolen part still ran");
                assertInstanceOf(SwitchOffException.class, thrown.get(), "the call reports the switch");
                assertTrue(f.isFailed());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Setup.class, names = {"WS_4", "FIFO_4"})
    void bothWaitsForAStolenHalfWhenTheSwitchTurnsOffDuringTheJoin(Setup setup) {
        check(setup, (sw, started, finished) -> ForkJoin.both(() -> {
            awaitLatch(started);
            sw.turnOff();
            return 1;
        }, () -> {
            workAfterTheSwitchIsOff(sw, started, finished);
            return 2;
        }));
    }

    @ParameterizedTest
    @EnumSource(value = Setup.class, names = {"WS_4", "FIFO_4"})
    void forRangeWaitsForAStolenChunkWhenTheSwitchTurnsOffDuringTheJoin(Setup setup) {
        check(setup, (sw, started, finished) -> ForkJoin.forRange(2, 1, (lo, hi) -> {
            if (lo == 0) {
                awaitLatch(started);
                sw.turnOff();
            } else {
                workAfterTheSwitchIsOff(sw, started, finished);
            }
        }));
    }

    /** A chunk or a combine that fails: the call throws that failure once every running part finished. */
    @ParameterizedTest
    @EnumSource(value = Setup.class, names = {"WS_4", "FIFO_4"})
    void aFailedChunkOrCombineEndsTheCallOnlyAfterTheRunningPartsFinished(Setup setup) {
        try (Setup.Env env = setup.open()) {
            for (boolean inCombine : new boolean[] {false, true}) {
                AtomicBoolean late = new AtomicBoolean();
                AtomicBoolean returned = new AtomicBoolean();
                IllegalStateException boom = new IllegalStateException("failed (expected by test)");
                Fut<Object> f = env.pool().spawn(() -> {
                    try {
                        ForkJoin.reduce(10_000, 1, 0, (lo, hi) -> {
                            if (returned.get()) {
                                late.set(true);
                            }
                            if (!inCombine && lo == 5_000) {
                                throw boom;
                            }
                            return 1;
                        }, (a, b) -> {
                            if (inCombine && a + b > 5_000) {
                                throw boom;
                            }
                            return a + b;
                        });
                    } finally {
                        returned.set(true);
                    }
                    return null;
                });
                assertSame(boom, assertThrows(IllegalStateException.class, () -> Setup.await(f)));
                // Whatever ran after reduce threw would set late: run more work to let it show.
                env.run(() -> ForkJoin.reduce(100_000, 10, 0, (lo, hi) -> 1, Integer::sum));
                assertFalse(late.get(), (inCombine ? "combine" : "chunk") + " failure: a chunk started after reduce returned");
            }
        }
    }
}
