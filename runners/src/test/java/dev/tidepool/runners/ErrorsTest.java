package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exceptions, cancellation and bad input. */
class ErrorsTest {
    static final class Boom extends RuntimeException {
        Boom(String m) {
            super(m);
        }
    }

    private static int deepFailure(int depth) {
        if (depth == 0) {
            throw new Boom("deep");
        }
        return deepFailure(depth - 1) + 1;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void awaitRethrowsTheTasksOwnExceptionAcrossRunners(Kind kind) {
        try (Pool a = kind.build("a", 2); Pool b = kind.build("b", 2)) {
            Fut<Integer> failing = a.spawn(() -> deepFailure(5));
            Boom fromOutside = assertThrows(Boom.class, failing::await);
            assertEquals("deepFailure", fromOutside.getStackTrace()[0].getMethodName());
            Boom fromTask = Stuck.await(b.spawn(() -> {
                try {
                    failing.await();
                    return null;
                } catch (Boom e) {
                    return e;
                }
            }), "await inside a task");
            assertSame(fromOutside, fromTask);

            IOException io = new IOException("checked");
            CompletionException wrapped = assertThrows(CompletionException.class, a.spawn(() -> {
                throw io;
            })::await);
            assertSame(io, wrapped.getCause());

            assertThrows(StackOverflowError.class, a.spawn(() -> recurseForever(0))::await);
            assertEquals(3, Stuck.await(a.spawn(() -> 3), "pool still works after a StackOverflowError"));
        }
    }

    private static int recurseForever(int n) {
        return recurseForever(n + 1) + 1;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void exceptionsFromRunGoToTheHandlerAndNeverKillAWorker(Kind kind) {
        List<Throwable> seen = new CopyOnWriteArrayList<>();
        PoolBuilder<?, ?> builder = kind == Kind.WS ? WsPool.builder() : FifoPool.builder();
        try (Runner pool = builder.name("handler").threads(1).onException(seen::add).build()) {
            CountDownLatch done = new CountDownLatch(1);
            pool.run(() -> {
                throw new Boom("one");
            });
            pool.run(() -> {
                throw new AssertionError("two");
            });
            pool.run(() -> {
                throw new StackOverflowError("three");
            });
            pool.run(done::countDown);
            Stuck.await(done, "task after three failing ones on a one-worker pool");
            assertEquals(List.of("one", "two", "three"), seen.stream().map(Throwable::getMessage).toList());
        }
    }

    @Test
    void aThrowingHandlerIsContained() {
        try (Runner pool = FifoPool.builder().name("bad-handler").threads(1)
                .onException(e -> { throw new IllegalStateException("handler failure (expected by test)"); }).build()) {
            pool.run(() -> {
                throw new Boom("task failure (expected by test)");
            });
            assertEquals(1, Stuck.await(pool.spawn(() -> 1), "pool alive after a throwing handler"));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancellingBeforeStartKeepsTheTaskFromRunning(Kind kind) {
        try (Pool pool = kind.build("cancel", 1)) {
            AtomicBoolean release = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            pool.run(() -> {
                started.countDown();
                while (!release.get()) {
                    Thread.onSpinWait();
                }
            });
            try {
                Stuck.await(started, "blocker");
                AtomicInteger ran = new AtomicInteger();
                Fut<Integer> f = pool.spawn(ran::incrementAndGet);
                assertTrue(f.cancel());
                release.set(true);
                assertEquals(7, Stuck.await(pool.spawn(() -> 7), "later task"));
                assertEquals(0, ran.get());
                assertThrows(CancellationException.class, f::await);
            } finally {
                release.set(true);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cancellationWakesASuspendedAwaiter(Kind kind) {
        try (Pool pool = kind.build("wake", 2)) {
            Promise<Integer> never = Fut.promise();
            CountDownLatch waiting = new CountDownLatch(1);
            Fut<String> awaiter = pool.spawn(() -> {
                waiting.countDown();
                try {
                    return "got " + never.fut().await();
                } catch (CancellationException e) {
                    return "cancelled";
                }
            });
            Stuck.await(waiting, "awaiter started");
            never.fut().cancel();
            assertEquals("cancelled", Stuck.await(awaiter, "awaiter woken by cancel"));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void timedAwaitInsideATask(Kind kind) {
        try (Pool pool = kind.build("timed", 1)) {
            Promise<Integer> never = Fut.promise();
            Fut<String> r = pool.spawn(() -> {
                try {
                    return "got " + never.fut().await(Duration.ofMillis(30));
                } catch (TimeoutException e) {
                    return "timeout";
                }
            });
            assertEquals("timeout", Stuck.await(r, "timed await"));
            assertEquals(1, Stuck.await(pool.spawn(() -> 1), "pool usable after a timed-out await"));
        }
    }

    @Test
    void badInputIsRejectedAtTheCall() {
        try (Pool pool = Kind.WS.build("bad-input", 1)) {
            assertEquals("task", assertThrows(NullPointerException.class, () -> pool.run(null)).getMessage());
            assertEquals("task", assertThrows(NullPointerException.class, () -> pool.execute(null)).getMessage());
            assertEquals("task", assertThrows(NullPointerException.class, () -> pool.spawn(null)).getMessage());
            IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                    () -> pool.awaitTermination(Duration.ofSeconds(-3)));
            assertTrue(neg.getMessage().contains("-3"), neg.getMessage());
            assertEquals("timeout", assertThrows(NullPointerException.class, () -> pool.awaitTermination(null)).getMessage());
        }
        IllegalArgumentException t0 = assertThrows(IllegalArgumentException.class, () -> WsPool.builder().threads(0));
        assertTrue(t0.getMessage().contains("0"), t0.getMessage());
        IllegalArgumentException tNeg = assertThrows(IllegalArgumentException.class, () -> FifoPool.builder().threads(-2));
        assertTrue(tNeg.getMessage().contains("-2"), tNeg.getMessage());
        IllegalArgumentException c0 = assertThrows(IllegalArgumentException.class, () -> CoreBudget.of(0));
        assertTrue(c0.getMessage().contains("0"), c0.getMessage());
        assertEquals("budget", assertThrows(NullPointerException.class, () -> WsPool.builder().budget(null)).getMessage());
        assertEquals("name", assertThrows(NullPointerException.class, () -> WsPool.builder().name(null)).getMessage());
        assertEquals("handler", assertThrows(NullPointerException.class, () -> WsPool.builder().onException(null)).getMessage());
        assertEquals("hook", assertThrows(NullPointerException.class, () -> WsPool.builder().onThreadStart(null)).getMessage());
        assertEquals("name", assertThrows(NullPointerException.class, () -> Background.create(null)).getMessage());
        assertEquals("body", assertThrows(NullPointerException.class, () -> Runners.main(null)).getMessage());
    }
}
