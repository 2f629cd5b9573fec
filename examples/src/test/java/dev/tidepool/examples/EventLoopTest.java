package dev.tidepool.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.channels.Chan;
import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Both;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.futures.TaskLocal;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A runner written outside Tidepool on the public runner SPI: the promises the built-in runners
 * keep (await without holding the runner, channels, fork-join, task-local values, switches,
 * shutdown) hold on it too, and it runs one task at a time.
 */
class EventLoopTest {
    private EventLoop loop;

    @BeforeEach
    void start() {
        loop = new EventLoop("loop");
    }

    @AfterEach
    void stop() throws InterruptedException {
        loop.shutdownNow();
        assertTrue(loop.awaitTermination(Duration.ofSeconds(60)), "terminated: " + loop);
    }

    private static <T> T await(Fut<T> f) {
        try {
            return f.await(Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            throw new AssertionError("still pending after 60 s", e);
        }
    }

    static int fib(int n) {
        if (n < 2) {
            return n;
        }
        Both<Integer, Integer> b = ForkJoin.both(() -> fib(n - 1), () -> fib(n - 2));
        return b.left() + b.right();
    }

    @Test
    void tasksRunOnTheLoopAndKnowIt() {
        assertEquals(42, await(loop.spawn(() -> 42)));
        assertSame(loop, await(loop.spawn(() -> Runner.current().orElseThrow())));
        assertTrue(await(loop.spawn(() -> Thread.currentThread().getName())).startsWith("loop.loop."));
    }

    @Test
    void anAwaitingTaskHandsTheLoopOnAndOneTaskRunsAtATime() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Promise<Integer>> gates = new ArrayList<>();
        List<Fut<Integer>> waiters = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Promise<Integer> gate = Fut.promise();
            gates.add(gate);
            waiters.add(loop.spawn(() -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                running.decrementAndGet();
                int v = gate.fut().await(); // a naive single-thread loop would stop here for ever
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                running.decrementAndGet();
                return v;
            }));
        }
        // the gates are opened by a task queued behind all the waiting ones, on the same loop
        Fut<Void> opener = loop.spawn(() -> {
            for (int i = 0; i < gates.size(); i++) {
                gates.get(i).complete(i);
            }
            return null;
        });
        await(opener);
        for (int i = 0; i < waiters.size(); i++) {
            assertEquals(i, await(waiters.get(i)));
        }
        assertEquals(1, most.get(), "tasks of one event loop never overlap");
    }

    @Test
    void channelsBetweenTasksOfTheLoop() {
        Chan<Integer> c = Chan.bounded(0); // each send waits for the receiver: both must suspend
        Fut<Integer> consumer = loop.spawn(() -> {
            int sum = 0;
            for (int v : c) {
                sum += v;
            }
            return sum;
        });
        loop.spawn(() -> {
            for (int i = 1; i <= 1_000; i++) {
                c.send(i);
            }
            c.close();
            return null;
        });
        assertEquals(500_500, await(consumer));
    }

    @Test
    void forkJoinOnTheLoop() {
        assertEquals(6765, await(loop.spawn(() -> fib(20))));
        assertEquals(499_500L, await(loop.spawn(() -> ForkJoin.reduce(1_000, 7, 0L, (lo, hi) -> {
            long s = 0;
            for (int i = lo; i < hi; i++) {
                s += i;
            }
            return s;
        }, Long::sum))));
    }

    @Test
    void forkJoinPartsThatAwaitWorkOfAnotherRunner() {
        try (WsPool pool = WsPool.builder().name("helpers").threads(2).build()) {
            int r = await(loop.spawn(() -> {
                Both<Integer, Integer> b = ForkJoin.both(
                        () -> pool.spawn(() -> 1).await(),  // suspends inside a part
                        () -> pool.spawn(() -> 2).await());
                return b.left() + b.right();
            }));
            assertEquals(3, r);
        }
    }

    @Test
    void taskLocalValuesTravelAsOnTheBuiltInRunners() throws Exception {
        TaskLocal<String> user = TaskLocal.create("user", "nobody");
        CountDownLatch ran = new CountDownLatch(1);
        String[] plain = new String[1];
        String seen = user.with("ann", () -> await(loop.spawn(() -> {
            Fut<String> child = loop.spawn(user::get); // a snapshot: "ann"
            user.set("changed");
            loop.run(() -> { // a plain Runnable: the runner carries the values itself
                plain[0] = user.get();
                ran.countDown();
            });
            Both<String, String> b = ForkJoin.both(user::get, user::get);
            return child.await() + " " + b.left() + " " + b.right() + " " + user.get();
        })));
        assertEquals("ann changed changed changed", seen);
        assertTrue(ran.await(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("changed", plain[0]);
        assertEquals("nobody", await(loop.spawn(user::get)), "nothing left on the loop's threads");
    }

    @Test
    void aSwitchStopsAnAwaitingTask() {
        Switch sw = Switch.create();
        Promise<Integer> never = Fut.promise();
        Fut<Integer> f = loop.spawn(sw, () -> never.fut().await());
        assertEquals(7, await(loop.spawn(() -> 7)), "the loop goes on while it waits");
        sw.turnOff();
        assertThrows(SwitchOffException.class, () -> await(f));
    }

    @Test
    void shutdownFinishesWhatWasAcceptedAndShutdownNowCancelsTheRest() throws InterruptedException {
        Promise<Integer> gate = Fut.promise();
        Fut<Integer> first = loop.spawn(() -> gate.fut().await() + 1);
        Fut<Integer> child = loop.spawn(() -> loop.spawn(() -> 5).await()); // a child after shutdown is accepted
        loop.shutdown();
        assertThrows(RejectedExecutionException.class, () -> loop.spawn(() -> 0));
        gate.complete(1);
        assertEquals(2, await(first));
        assertEquals(5, await(child));
        assertTrue(loop.awaitTermination(Duration.ofSeconds(60)));
        assertTrue(loop.isTerminated());

        EventLoop other = new EventLoop("other");
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Fut<Void> busy = other.spawn(() -> {
            started.countDown();
            release.await(); // a JDK wait, not a suspension: it keeps the loop
            return null;
        });
        assertTrue(started.await(60, java.util.concurrent.TimeUnit.SECONDS));
        Fut<Integer> queued = other.spawn(() -> 3); // stays queued: the loop is busy
        List<Runnable> dropped = other.shutdownNow();
        assertEquals(1, dropped.size(), dropped.toString());
        CancellationException e = assertThrows(CancellationException.class, queued::await);
        assertTrue(e.getMessage().contains("other"), e.getMessage());
        release.countDown();
        await(busy);
        assertTrue(other.awaitTermination(Duration.ofSeconds(60)), other.toString());
    }
}
