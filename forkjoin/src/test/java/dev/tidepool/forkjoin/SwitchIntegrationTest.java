package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.runners.Runner;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Switches reaching tasks, futures, awaits and fork-join, on every pool setup. */
class SwitchIntegrationTest {

    @ParameterizedTest
    @EnumSource(Setup.class)
    void aTaskWhoseSwitchIsOffNeverRuns(Setup setup) {
        try (Setup.Env env = setup.open()) {
            Switch sw = Switch.create();
            sw.turnOff();
            AtomicInteger ran = new AtomicInteger();
            Fut<Integer> f = env.pool().spawn(sw, ran::incrementAndGet);
            assertThrows(CancellationException.class, f::await);
            assertTrue(f.isCancelled());
            assertEquals(1, Setup.await(env.pool().spawn(() -> 1)));
            assertEquals(0, ran.get());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Setup.class, names = {"WS_ONE_CORE", "FIFO_ONE_CORE"})
    void aTaskWhoseSwitchTurnsOffWhileItIsQueuedNeverRuns(Setup setup) throws InterruptedException {
        try (Setup.Env env = setup.open()) {
            CountDownLatch busy = new CountDownLatch(1);
            AtomicBoolean release = new AtomicBoolean();
            env.pool().run(() -> { // keeps the only worker running (no JDK wait, so no helper)
                busy.countDown();
                while (!release.get()) {
                    Thread.onSpinWait();
                }
            });
            assertTrue(busy.await(60, TimeUnit.SECONDS));
            Switch sw = Switch.create();
            AtomicInteger ran = new AtomicInteger();
            Fut<Integer> f = env.pool().spawn(sw, ran::incrementAndGet);
            sw.turnOff();
            release.set(true);
            assertThrows(SwitchOffException.class, () -> Setup.await(f));
            assertEquals(5, Setup.await(env.pool().spawn(() -> 5)), "the task queued after it ran");
            assertEquals(0, ran.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void theSwitchIsCurrentInTheTaskAndInWhatItSpawns(Setup setup) {
        try (Setup.Env env = setup.open()) {
            Runner r = env.pool();
            Switch sw = Switch.create();
            assertSame(sw, Setup.await(r.spawn(sw, () -> Switch.current().orElseThrow())));
            assertSame(sw, Setup.await(r.spawn(sw, () -> r.spawn(() -> Switch.current().orElseThrow()).await())));
            assertSame(sw, Setup.await(r.spawn(sw, () -> ForkJoin.both(() -> 0, () -> Switch.current().orElseThrow()).right())));
            assertTrue(Setup.await(r.spawn(() -> Switch.current().isEmpty())));
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void turningOffWakesTheFuturesAwaitersAndTheSuspendedTask(Setup setup) throws Exception {
        try (Setup.Env env = setup.open()) {
            Runner r = env.pool();
            Switch sw = Switch.create();
            Promise<Integer> never = Fut.promise();
            CountDownLatch suspended = new CountDownLatch(1);
            CountDownLatch unwound = new CountDownLatch(1);
            Fut<Integer> worker = r.spawn(sw, () -> {
                suspended.countDown();
                try {
                    return never.fut().await();
                } catch (SwitchOffException e) {
                    unwound.countDown();
                    throw e;
                }
            });
            Fut<String> awaiter = r.spawn(() -> {
                try {
                    return "got " + worker.await();
                } catch (CancellationException e) {
                    return "cancelled";
                }
            });
            assertTrue(suspended.await(60, TimeUnit.SECONDS));
            sw.turnOff();
            assertEquals("cancelled", Setup.await(awaiter));
            assertTrue(unwound.await(60, TimeUnit.SECONDS), "the task suspended in await was woken and unwound");
            assertThrows(SwitchOffException.class, worker::await);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Setup.class, names = {"WS_ONE_CORE", "FIFO_ONE_CORE"})
    void forRangeStartsNoChunkOnceTheSwitchIsOff(Setup setup) {
        try (Setup.Env env = setup.open()) {
            Switch sw = Switch.create();
            AtomicInteger ran = new AtomicInteger();
            Fut<Object> f = env.pool().spawn(sw, () -> {
                ForkJoin.forRange(1000, 1, (lo, hi) -> {
                    if (ran.incrementAndGet() == 10) {
                        sw.turnOff();
                    }
                });
                return null;
            });
            assertThrows(SwitchOffException.class, () -> Setup.await(f));
            assertEquals(10, ran.get(), "one worker: no chunk starts after the one that turned the switch off");
        }
    }
}
