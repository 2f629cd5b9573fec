package dev.tidepool.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.testsupport.Conditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Channels as Flow publishers and subscribers: back-pressure, order, completion, cancellation. */
class ChanFlowTest {
    private ExecutorService exec;

    @BeforeEach
    void start() {
        exec = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stop() throws InterruptedException {
        exec.shutdownNow();
        assertTrue(exec.awaitTermination(60, TimeUnit.SECONDS));
    }

    private static <T> T await(Fut<T> f) {
        try {
            return f.await(Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            throw new AssertionError("still pending after 60 s", e);
        }
    }

    /** Records what it gets and requests on command; fails on more items than requested. */
    static final class Recorder<T> implements Flow.Subscriber<T> {
        final List<T> items = new ArrayList<>();
        final AtomicInteger requested = new AtomicInteger();
        final Promise<Void> done = Fut.promise();
        volatile Flow.Subscription sub;
        volatile String violation;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            sub = s;
        }

        @Override
        public synchronized void onNext(T item) {
            if (items.size() >= requested.get()) {
                violation = "item " + item + " beyond the " + requested.get() + " requested";
            }
            items.add(item);
        }

        @Override
        public void onError(Throwable t) {
            done.tryFail(t);
        }

        @Override
        public void onComplete() {
            done.tryComplete(null);
        }

        void request(int n) {
            requested.addAndGet(n);
            sub.request(n);
        }

        synchronized int count() {
            return items.size();
        }
    }

    @Test
    void aPublisherDeliversOnlyWhatWasRequestedAndLeavesTheRestInTheChannel() {
        Chan<Integer> c = Chan.bounded(100);
        for (int i = 0; i < 10; i++) {
            c.send(i);
        }
        c.close();
        Recorder<Integer> r = new Recorder<>();
        ChanFlow.publisher(c, exec).subscribe(r);
        Conditions.awaitUntil("subscribed", () -> r.sub != null);
        r.request(3);
        Conditions.awaitUntil("three items", () -> r.count() == 3);
        assertEquals(7, c.asBlockingQueue().size(), "the others wait in the channel");
        r.request(100);
        await(r.done.fut());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), r.items);
        assertNull(r.violation, r.violation);
    }

    @Test
    void cancellingWithdrawsTheWaitingReceive() {
        Chan<Integer> c = Chan.bounded(0);
        Recorder<Integer> r = new Recorder<>();
        ChanFlow.publisher(c, exec).subscribe(r);
        Conditions.awaitUntil("subscribed", () -> r.sub != null);
        r.request(1);
        Conditions.awaitUntil("the pump waiting to receive", () -> c.toString().contains("1 receivers"));
        r.sub.cancel();
        Conditions.awaitUntil("its receive withdrawn", () -> c.toString().contains("0 receivers"));
        assertTrue(!c.trySend(5), "nobody takes a value any more");
        assertEquals(0, r.count());
    }

    @Test
    void aBadRequestEndsTheSubscriptionWithAnError() {
        Chan<Integer> c = Chan.unbounded();
        Recorder<Integer> r = new Recorder<>();
        ChanFlow.publisher(c, exec).subscribe(r);
        Conditions.awaitUntil("subscribed", () -> r.sub != null);
        r.sub.request(0);
        Throwable t = assertThrows(Throwable.class, () -> await(r.done.fut()));
        assertTrue(t instanceof IllegalArgumentException && t.getMessage().contains("3.9"), String.valueOf(t));
    }

    /**
     * A cancel from onNext, with demand left and values buffered: nothing more is taken from the
     * channel (rules 1.8, 3.5, 3.6); the values stay for its other receivers.
     */
    @Test
    void cancelWithValuesBufferedAndDemandLeftTakesNothingMore() {
        Chan<Integer> c = Chan.unbounded();
        for (int i = 0; i < 1_000; i++) {
            c.send(i);
        }
        List<Integer> got = java.util.Collections.synchronizedList(new ArrayList<>());
        Promise<Void> cancelled = Fut.promise();
        ChanFlow.publisher(c, exec).subscribe(new Flow.Subscriber<Integer>() {
            Flow.Subscription sub;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                sub = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(Integer item) {
                got.add(item);
                sub.cancel();
                cancelled.tryComplete(null);
            }

            @Override
            public void onError(Throwable t) {
                got.add(-1);
            }

            @Override
            public void onComplete() {
                got.add(-2);
            }
        });
        await(cancelled.fut());
        // The pump stops at its next turn: wait until it has had every chance to go on.
        Conditions.awaitUntil("the pump gone", () -> c.toString().contains("0 receivers"));
        exec.shutdown();
        try {
            assertTrue(exec.awaitTermination(60, TimeUnit.SECONDS), "the pump task ended");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(List.of(0), got, "one item, then nothing: no onNext, onError or onComplete after cancel");
        assertEquals(999, c.size(), "the other values are left in the channel");
    }

    /** A cancel, then requests: the requests do nothing (rule 3.6), even with values buffered. */
    @Test
    void requestsAfterCancelDoNothing() throws InterruptedException {
        for (int run = 0; run < 50; run++) {
            Chan<Integer> c = Chan.unbounded();
            c.send(1);
            Recorder<Integer> r = new Recorder<>();
            ChanFlow.publisher(c, exec).subscribe(r);
            Conditions.awaitUntil("subscribed", () -> r.sub != null);
            r.sub.cancel();
            r.request(1);
            r.request(1);
            assertEquals(1, c.receive(), "run " + run + ": the value stayed in the channel");
            assertEquals(0, r.count());
            assertTrue(!r.done.fut().isDone(), "no terminal signal after cancel");
        }
    }

    /** A bad request while the pump waits on an empty channel: onError at once, and no value taken later. */
    @Test
    void aBadRequestWhileWaitingForAValueSignalsAtOnce() {
        Chan<Integer> c = Chan.bounded(0);
        Recorder<Integer> r = new Recorder<>();
        ChanFlow.publisher(c, exec).subscribe(r);
        Conditions.awaitUntil("subscribed", () -> r.sub != null);
        r.request(1);
        Conditions.awaitUntil("the pump waiting to receive", () -> c.toString().contains("1 receivers"));
        r.sub.request(-1);
        Throwable t = assertThrows(Throwable.class, () -> await(r.done.fut()));
        assertTrue(t instanceof IllegalArgumentException && t.getMessage().contains("3.9"), String.valueOf(t));
        assertTrue(c.toString().contains("0 receivers"), "the receive was withdrawn: " + c);
        assertTrue(!c.trySend(5), "nobody takes a value any more");
        assertEquals(0, r.count());
    }

    /**
     * A bad request (or a cancel) made before the subscription's task has started: the task still
     * signals onError (or nothing at all) when it starts. The executor holds the task back.
     */
    @Test
    void aBadRequestBeforeTheTaskStartsIsStillSignalled() {
        List<Runnable> held = new ArrayList<>();
        java.util.concurrent.Executor holding = held::add;
        Chan<Integer> c = Chan.unbounded();
        c.send(1);
        Recorder<Integer> bad = new Recorder<>();
        ChanFlow.publisher(c, holding).subscribe(bad);
        bad.sub.request(0);
        Recorder<Integer> cancelled = new Recorder<>();
        ChanFlow.publisher(c, holding).subscribe(cancelled);
        cancelled.sub.request(1);
        cancelled.sub.cancel();
        assertEquals(2, held.size());
        held.forEach(exec::execute);
        Throwable t = assertThrows(Throwable.class, () -> await(bad.done.fut()));
        assertTrue(t instanceof IllegalArgumentException, String.valueOf(t));
        exec.shutdown(); // both tasks end: one signalled onError, the other nothing
        try {
            assertTrue(exec.awaitTermination(60, TimeUnit.SECONDS), "the tasks ended");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(1, c.receive(), "neither took the value");
        assertEquals(0, bad.count() + cancelled.count());
        assertTrue(!cancelled.done.fut().isDone(), "no signal after a cancel");
    }

    @Test
    void aChannelClosedWithACauseEndsInOnError() {
        Chan<Integer> c = Chan.unbounded();
        c.send(1);
        c.close(new java.io.IOException("upstream"));
        Recorder<Integer> r = new Recorder<>();
        ChanFlow.publisher(c, exec).subscribe(r);
        Conditions.awaitUntil("subscribed", () -> r.sub != null);
        r.request(5);
        Throwable t = assertThrows(CompletionException.class, () -> await(r.done.fut())).getCause();
        assertTrue(t instanceof java.io.IOException && t.getMessage().equals("upstream"), String.valueOf(t));
        assertEquals(List.of(1), r.items);
    }

    /**
     * With a prefetch of 8 into a channel of capacity 1, the subscriber asks for 8 items, then one
     * per item in the channel: the publisher is never more than 8 + 1 items ahead of the receiver.
     */
    @Test
    void aSubscriberWithPrefetchKeepsOrderAndHoldsThePublisherBack() {
        int total = 2_000;
        Chan<Integer> c = Chan.bounded(1);
        ChanSubscriber<Integer> sub = ChanFlow.subscriber(c, exec, 8);
        java.util.concurrent.atomic.AtomicLong requested = new java.util.concurrent.atomic.AtomicLong();
        // A publisher that sends what is asked for at once, from the requesting thread.
        Flow.Subscription s = new Flow.Subscription() {
            private long sent;
            private boolean sending;

            @Override
            public synchronized void request(long n) {
                requested.addAndGet(n);
                if (sending) {
                    return; // called from onNext: the loop below goes on
                }
                sending = true;
                while (sent < requested.get() && sent < total) {
                    sub.onNext((int) ++sent);
                }
                sending = false;
                if (sent == total) {
                    sent++;
                    sub.onComplete();
                }
            }

            @Override
            public void cancel() {}
        };
        Fut<Long> worstLead = Fut.spawn(exec, () -> {
            long worst = 0;
            int expected = 1;
            for (int v : c) {
                assertEquals(expected++, v, "in order");
                worst = Math.max(worst, requested.get() - v);
            }
            assertEquals(total + 1, expected);
            return worst;
        });
        sub.onSubscribe(s);
        long worst = await(worstLead);
        await(sub.done());
        assertTrue(worst <= 9, "the publisher was asked for " + worst + " items beyond those received");
        assertTrue(worst >= 2, "a prefetch of 8 keeps the publisher ahead: " + worst);
        assertEquals("prefetch must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> ChanFlow.subscriber(c, exec, 0)).getMessage());
    }

    @Test
    void aSubscriberFillsTheChannelOneItemAtATimeAndClosesItAtTheEnd() {
        Chan<Integer> c = Chan.bounded(2);
        ChanSubscriber<Integer> sub = ChanFlow.subscriber(c, exec);
        SubmissionPublisher<Integer> pub = new SubmissionPublisher<>(exec, 4);
        pub.subscribe(sub);
        Fut<List<Integer>> received = Fut.spawn(exec, () -> {
            List<Integer> out = new ArrayList<>();
            for (int v : c) {
                out.add(v);
            }
            return out;
        });
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            pub.submit(i); // waits while the subscriber's buffer is full: back-pressure end to end
            expected.add(i);
        }
        pub.close(); // onComplete once the subscriber has taken every item
        assertEquals(expected, await(received));
        await(sub.done());
        assertTrue(c.isClosed());
    }

    @Test
    void aPublishersErrorClosesTheChannelWithItAndFailsDone() {
        Chan<Integer> c = Chan.unbounded();
        ChanSubscriber<Integer> sub = ChanFlow.subscriber(c, exec);
        try (SubmissionPublisher<Integer> pub = new SubmissionPublisher<>(exec, 4)) {
            pub.subscribe(sub);
            pub.submit(1);
            assertEquals(1, c.receive()); // delivered (closeExceptionally may drop undelivered items)
            pub.closeExceptionally(new IllegalStateException("source broke"));
            Throwable t = assertThrows(Throwable.class, () -> await(sub.done()));
            assertEquals("source broke", (t instanceof CompletionException ? t.getCause() : t).getMessage());
        }
        ChannelClosedException end = assertThrows(ChannelClosedException.class, c::receiveOrNull,
                "receivers see the publisher's error after the items");
        assertEquals("source broke", end.getCause().getMessage());
        assertEquals(new Received.Closed<Integer>(end.getCause()), c.receiveCatching());
    }

    @Test
    void aChannelPipesIntoAnotherThroughFlow() {
        Chan<Integer> from = Chan.bounded(3);
        Chan<Integer> to = Chan.bounded(1);
        ChanSubscriber<Integer> sub = ChanFlow.subscriber(to, exec);
        ChanFlow.publisher(from, exec).subscribe(sub);
        Fut<Integer> sum = Fut.spawn(exec, () -> {
            int s = 0;
            for (int v : to) {
                s += v;
            }
            return s;
        });
        for (int i = 1; i <= 500; i++) {
            from.send(i);
        }
        from.close();
        assertEquals(125_250, await(sum));
        await(sub.done());
    }
}
