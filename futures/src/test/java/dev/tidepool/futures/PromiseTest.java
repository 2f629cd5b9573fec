package dev.tidepool.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PromiseTest {
    @Test
    void completesExactlyOnce() {
        Promise<String> p = Fut.promise();
        assertFalse(p.fut().isDone());
        assertTrue(p.fut().peek().isEmpty());
        p.complete("a");
        assertThrows(IllegalStateException.class, () -> p.complete("b"));
        assertThrows(IllegalStateException.class, () -> p.fail(new RuntimeException()));
        assertFalse(p.tryComplete("c"));
        assertFalse(p.tryFail(new RuntimeException()));
        assertFalse(p.fut().cancel());
        assertEquals("a", p.fut().await());
        assertTrue(p.fut().isSuccess());
        assertEquals(new Outcome.Success<>("a"), p.fut().peek().orElseThrow());
    }

    @Test
    void nullIsAValue() {
        Promise<String> p = Fut.promise();
        assertTrue(p.tryComplete(null));
        assertTrue(p.fut().isSuccess());
        assertNull(p.fut().await());
        assertNull(Fut.of(null).await());
    }

    @Test
    void callbacksBeforeAndAfterCompletionRunOnceEach() {
        Promise<Integer> p = Fut.promise();
        AtomicInteger before = new AtomicInteger();
        AtomicInteger after = new AtomicInteger();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            p.fut().onComplete((v, e) -> {
                before.incrementAndGet();
                order.add(id);
            });
        }
        p.complete(7);
        p.tryComplete(8);
        p.fut().onComplete((v, e) -> {
            assertEquals(7, v);
            assertNull(e);
            after.incrementAndGet();
        });
        assertEquals(5, before.get());
        assertEquals(1, after.get());
        assertEquals(List.of(0, 1, 2, 3, 4), order, "callbacks run in registration order");
    }

    @Test
    void throwingCallbackDoesNotStopOthers() {
        Promise<Integer> p = Fut.promise();
        AtomicInteger ran = new AtomicInteger();
        p.fut().onComplete((v, e) -> { throw new IllegalStateException("callback failure (expected by test)"); });
        p.fut().onComplete((v, e) -> ran.incrementAndGet());
        p.complete(1);
        assertEquals(1, ran.get());
    }

    @Test
    void awaitRethrowsTheTasksOwnException() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Fut<Object> f = Fut.failed(boom);
        assertSame(boom, assertThrows(IllegalArgumentException.class, f::await));
        assertTrue(f.isFailed());
        assertFalse(f.isCancelled());

        IOException checked = new IOException("disk");
        CompletionException wrapped = assertThrows(CompletionException.class, Fut.failed(checked)::await);
        assertSame(checked, wrapped.getCause());

        StackOverflowError err = new StackOverflowError();
        assertSame(err, assertThrows(StackOverflowError.class, Fut.failed(err)::await));
    }

    @Test
    void stackTraceOfTheFailingCodeIsKept() throws Exception {
        Promise<Integer> p = Fut.promise();
        Thread t = Thread.ofPlatform().name("producer").start(() -> p.tryFail(failDeepInside()));
        t.join();
        RuntimeException e = assertThrows(RuntimeException.class, p.fut()::await);
        assertEquals("failDeepInside", e.getStackTrace()[0].getMethodName());
    }

    private static RuntimeException failDeepInside() {
        return new RuntimeException("inner");
    }

    @Test
    void awaitBlocksAThreadUntilAnotherCompletes() throws Exception {
        Promise<Integer> p = Fut.promise();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicInteger got = new AtomicInteger();
        Thread t = Thread.ofPlatform().start(() -> {
            waiting.countDown();
            got.set(p.fut().await());
        });
        assertTrue(waiting.await(30, TimeUnit.SECONDS));
        p.complete(99);
        t.join(30_000);
        assertFalse(t.isAlive());
        assertEquals(99, got.get());
    }

    @Test
    void awaitKeepsAnInterruptForTheCaller() throws Exception {
        Promise<Integer> p = Fut.promise();
        AtomicInteger got = new AtomicInteger();
        CountDownLatch waiting = new CountDownLatch(1);
        boolean[] interruptedAfter = new boolean[1];
        Thread t = Thread.ofPlatform().start(() -> {
            waiting.countDown();
            got.set(p.fut().await());
            interruptedAfter[0] = Thread.currentThread().isInterrupted();
        });
        assertTrue(waiting.await(30, TimeUnit.SECONDS));
        t.interrupt();
        p.complete(5);
        t.join(30_000);
        assertEquals(5, got.get());
        assertTrue(interruptedAfter[0]);
    }

    @Test
    void timedAwait() throws Exception {
        Promise<Integer> p = Fut.promise();
        assertThrows(TimeoutException.class, () -> p.fut().await(Duration.ofMillis(20)));
        assertThrows(TimeoutException.class, () -> p.fut().await(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> p.fut().await(Duration.ofMillis(-1)));
        p.complete(3);
        assertEquals(3, p.fut().await(Duration.ZERO));
        assertEquals(3, p.fut().await(Duration.ofSeconds(Long.MAX_VALUE)));
    }

    @Test
    void cancel() {
        Promise<Integer> p = Fut.promise();
        AtomicInteger seen = new AtomicInteger();
        p.fut().onComplete((v, e) -> {
            if (e instanceof CancellationException) {
                seen.incrementAndGet();
            }
        });
        assertTrue(p.fut().cancel());
        assertFalse(p.fut().cancel());
        assertTrue(p.fut().isCancelled());
        assertTrue(p.fut().isFailed());
        assertThrows(CancellationException.class, p.fut()::await);
        assertFalse(p.tryComplete(1));
        assertThrows(IllegalStateException.class, () -> p.complete(1));
        assertEquals(1, seen.get());
    }

    @Test
    void nullArgumentsAreRejectedByName() {
        Promise<Integer> p = Fut.promise();
        assertMessage("error", assertThrows(NullPointerException.class, () -> p.fail(null)));
        assertMessage("error", assertThrows(NullPointerException.class, () -> p.tryFail(null)));
        assertMessage("error", assertThrows(NullPointerException.class, () -> Fut.failed(null)));
        assertMessage("callback", assertThrows(NullPointerException.class, () -> p.fut().onComplete(null)));
        assertMessage("fn", assertThrows(NullPointerException.class, () -> p.fut().map(null)));
        assertMessage("on", assertThrows(NullPointerException.class, () -> p.fut().map(null, x -> x)));
        assertMessage("fn", assertThrows(NullPointerException.class, () -> p.fut().flatMap(null)));
        assertMessage("fn", assertThrows(NullPointerException.class, () -> p.fut().recover(null)));
        assertMessage("on", assertThrows(NullPointerException.class, () -> Fut.spawn(null, () -> 1)));
        assertMessage("task", assertThrows(NullPointerException.class, () -> Fut.spawn(Runnable::run, null)));
        assertMessage("timeout", assertThrows(NullPointerException.class, () -> p.fut().await(null)));
        assertMessage("stage", assertThrows(NullPointerException.class, () -> Fut.from(null)));
        assertMessage("futs", assertThrows(NullPointerException.class, () -> Fut.all(null)));
    }

    static void assertMessage(String expected, Throwable e) {
        assertEquals(expected, e.getMessage());
    }
}
