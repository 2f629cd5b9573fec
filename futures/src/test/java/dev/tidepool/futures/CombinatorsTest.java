package dev.tidepool.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CombinatorsTest {
    static ExecutorService exec;

    @BeforeAll
    static void start() {
        exec = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        exec.shutdown();
        assertTrue(exec.awaitTermination(30, TimeUnit.SECONDS));
    }

    @Test
    void mapFlatMapRecoverInlineAndOnExecutor() {
        Promise<Integer> p = Fut.promise();
        Fut<Integer> inline = p.fut().map(x -> x + 1);
        Fut<Integer> onExec = p.fut().map(exec, x -> x * 10);
        Fut<String> flat = p.fut().flatMap(x -> Fut.spawn(exec, () -> "v" + x));
        Fut<String> flatOn = p.fut().flatMap(exec, x -> Fut.of("w" + x));
        p.complete(4);
        assertEquals(5, inline.await());
        assertEquals(40, onExec.await());
        assertEquals("v4", flat.await());
        assertEquals("w4", flatOn.await());
        assertEquals(4, p.fut().recover(e -> -1).await());

        IllegalStateException boom = new IllegalStateException("boom");
        Fut<Integer> failed = Fut.failed(boom);
        assertSame(boom, assertThrows(IllegalStateException.class, failed.map(x -> x + 1)::await));
        assertSame(boom, assertThrows(IllegalStateException.class, failed.flatMap(x -> Fut.of(x))::await));
        assertEquals(-1, failed.recover(e -> e == boom ? -1 : -2).await());
        assertEquals(-1, failed.recover(exec, e -> -1).await());

        ArithmeticException inFn = new ArithmeticException("in fn");
        assertSame(inFn, assertThrows(ArithmeticException.class, Fut.of(1).map(x -> { throw inFn; })::await));
        assertThrows(NullPointerException.class, Fut.of(1).flatMap(x -> (Fut<Integer>) null)::await);
    }

    @Test
    void rejectedContinuationFailsTheResult() {
        Fut<Integer> f = Fut.of(1).map(r -> { throw new RejectedExecutionException("closed"); }, x -> x);
        assertThrows(RejectedExecutionException.class, f::await);
    }

    @Test
    void bothAllAllOfAny() {
        assertEquals(new Both<>(1, "b"), Fut.both(Fut.of(1), Fut.spawn(exec, () -> "b")).await());
        List<Fut<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int v = i;
            fs.add(Fut.spawn(exec, () -> v * v));
        }
        List<Integer> squares = Fut.all(fs).await();
        for (int i = 0; i < 100; i++) {
            assertEquals(i * i, squares.get(i));
        }
        assertEquals(List.of(), Fut.all(List.of()).await());
        assertNull(Fut.allOf(fs).await());
        assertTrue(Fut.allOf(fs).isSuccess());

        Promise<Integer> never = Fut.promise();
        RuntimeException boom = new RuntimeException("first failure");
        assertSame(boom, assertThrows(RuntimeException.class, Fut.all(List.of(never.fut(), Fut.failed(boom)))::await));
        assertSame(boom, assertThrows(RuntimeException.class, Fut.allOf(List.of(never.fut(), Fut.failed(boom)))::await));

        assertEquals(5, Fut.any(List.of(never.fut(), Fut.of(5))).await());
        assertThrows(IllegalArgumentException.class, () -> Fut.any(List.of()));
    }

    @Test
    void forRangeRunsEachIndexOnce() {
        AtomicIntegerArray hits = new AtomicIntegerArray(1000);
        Fut.forRange(exec, 1000, hits::incrementAndGet).await();
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, hits.get(i));
        }
        assertTrue(Fut.forRange(exec, 0, i -> { throw new AssertionError(); }).isDone());
        assertThrows(IllegalArgumentException.class, () -> Fut.forRange(exec, -1, i -> {}));
        RuntimeException boom = new RuntimeException("at 7");
        assertSame(boom, assertThrows(RuntimeException.class,
                Fut.forRange(exec, 10, i -> { if (i == 7) throw boom; })::await));
    }

    @Test
    void completableFutureBridgeBothWays() {
        CompletableFuture<Integer> cf = new CompletableFuture<>();
        Fut<Integer> f = Fut.from(cf);
        assertFalse(f.isDone());
        cf.complete(3);
        assertEquals(3, f.await());

        IllegalStateException boom = new IllegalStateException("cf");
        assertSame(boom, assertThrows(IllegalStateException.class,
                Fut.from(CompletableFuture.<Integer>failedFuture(boom))::await));
        // supplyAsync wraps in CompletionException; the bridge unwraps it
        assertSame(boom, assertThrows(IllegalStateException.class,
                Fut.from(CompletableFuture.supplyAsync(() -> { throw boom; }, exec))::await));

        assertEquals(9, Fut.of(9).toCompletableFuture().join());
        Promise<Integer> p = Fut.promise();
        CompletableFuture<Integer> out = p.fut().toCompletableFuture();
        p.fail(boom);
        assertTrue(out.isCompletedExceptionally());
        Promise<Integer> q = Fut.promise();
        q.fut().toCompletableFuture().complete(3);
        assertFalse(q.fut().isDone(), "completing the CompletableFuture does not settle the future");
    }

    @Test
    void spawnSkipsATaskCancelledBeforeItStarts() {
        List<Runnable> queued = new ArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        Fut<Integer> f = Fut.spawn(queued::add, ran::incrementAndGet);
        assertTrue(f.cancel());
        queued.forEach(Runnable::run);
        assertEquals(0, ran.get());
        assertTrue(f.isCancelled());
    }

    @Test
    void manyConcurrentCompletersOneWinner() throws Exception {
        for (int round = 0; round < 2000; round++) {
            Promise<Integer> p = Fut.promise();
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger callbacks = new AtomicInteger();
            List<CompletableFuture<?>> racers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int v = i;
                racers.add(CompletableFuture.runAsync(() -> {
                    if (p.tryComplete(v)) wins.incrementAndGet();
                }, exec));
                racers.add(CompletableFuture.runAsync(() -> p.fut().onComplete((x, e) -> callbacks.incrementAndGet()), exec));
            }
            CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(1, wins.get());
            assertEquals(3, callbacks.get());
            assertTrue(Arrays.asList(0, 1, 2).contains(p.fut().await()));
        }
    }
}
