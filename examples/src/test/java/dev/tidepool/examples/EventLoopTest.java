package dev.tidepool.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.runners.Runner;
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
 * What is the event loop's own: it runs one task at a time, on threads named after it, and its
 * shutdown. The promises every runner on the SPI keeps (await, channels, fork-join, task-local
 * values, switches, tracing, shutdownNow) are checked by the conformance kit,
 * {@link EventLoopConformanceTest}.
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
