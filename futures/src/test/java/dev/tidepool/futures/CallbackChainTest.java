package dev.tidepool.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Chains of futures whose callbacks settle the next one: every callback runs exactly once, at any
 * length, and an error thrown by a callback is neither swallowed nor stops the others.
 */
class CallbackChainTest {
    private static final int LENGTH = 200_000;

    private static <T> T settled(Fut<T> f) throws TimeoutException {
        return f.await(Duration.ofSeconds(60));
    }

    @Test
    void aLongMapChainSettlesEveryLink() throws TimeoutException {
        Promise<Integer> head = Fut.promise();
        Fut<Integer> f = head.fut();
        for (int i = 0; i < LENGTH; i++) {
            f = f.map(x -> x + 1);
        }
        head.complete(0);
        assertTrue(f.isDone(), "the end of the chain settled when the head completed");
        assertEquals(LENGTH, settled(f));
    }

    @Test
    void aLongChainOnATaskSettlesEveryLinkWhenTheTaskEnds() throws Exception {
        ExecutorService exec = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch go = new CountDownLatch(1);
            Fut<Integer> f = Fut.spawn(exec, () -> {
                go.await();
                return 0;
            });
            for (int i = 0; i < LENGTH; i++) {
                f = (i % 3 == 0) ? f.flatMap(x -> Fut.of(x + 1)) : f.map(x -> x + 1);
            }
            go.countDown();
            assertEquals(LENGTH, settled(f));
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void aLongFlatMapAndRecoverChainSettlesEveryLink() throws TimeoutException {
        Promise<Integer> head = Fut.promise();
        Fut<Integer> f = head.fut();
        for (int i = 0; i < LENGTH; i++) {
            f = (i % 2 == 0) ? f.flatMap(x -> Fut.of(x + 1)) : f.recover(e -> -1);
        }
        head.complete(0);
        assertEquals(LENGTH / 2, settled(f));
    }

    @Test
    void aLongChainOfPromisesCompletedByCallbacksSettlesEveryLink() throws TimeoutException {
        List<Promise<Integer>> ps = new ArrayList<>();
        for (int i = 0; i <= LENGTH; i++) {
            ps.add(Fut.promise());
        }
        for (int i = 0; i < LENGTH; i++) {
            Promise<Integer> next = ps.get(i + 1);
            ps.get(i).fut().onComplete((v, e) -> next.complete(v + 1));
        }
        ps.get(0).complete(0);
        assertEquals(LENGTH, settled(ps.get(LENGTH).fut()));
    }

    @Test
    void aCallbackThatSettlesAFutureReturnsBeforeThatFuturesCallbacksRun() {
        Promise<String> a = Fut.promise();
        Promise<String> b = Fut.promise();
        List<String> order = new ArrayList<>();
        a.fut().onComplete((v, e) -> {
            order.add("a1");
            b.complete("b");
            order.add("a1 done");
        });
        a.fut().onComplete((v, e) -> order.add("a2"));
        b.fut().onComplete((v, e) -> order.add("b1"));
        a.complete("a");
        // b's callbacks run after the callback that settled b returns, before a's next callback.
        assertEquals(List.of("a1", "a1 done", "b1", "a2"), order);
    }

    @Test
    void anErrorThrownByACallbackReachesTheSettlingThreadAfterTheOthersRan() {
        Promise<Integer> p = Fut.promise();
        List<String> ran = new ArrayList<>();
        StackOverflowError boom = new StackOverflowError("expected by test");
        Fut<Integer> mapped = p.fut().map(x -> x + 1);
        p.fut().onComplete((v, e) -> {
            throw boom;
        });
        p.fut().onComplete((v, e) -> {
            throw new IllegalStateException("logged (expected by test)");
        });
        p.fut().onComplete((v, e) -> ran.add("after"));
        assertSame(boom, assertThrows(StackOverflowError.class, () -> p.complete(1)));
        assertEquals(List.of("after"), ran);
        assertEquals(2, mapped.await());
        assertTrue(p.fut().isSuccess());
    }
}
