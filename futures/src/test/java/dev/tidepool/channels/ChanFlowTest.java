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
    void aPublishersErrorClosesTheChannelAndFailsDone() {
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
        assertNull(c.receiveOrNull(), "closed after the error");
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
