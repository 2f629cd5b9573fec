package dev.tidepool.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.testsupport.Conditions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a channel ends and what each side sees: a plain close, a close with a cause, a cancel; the
 * state queries (size, capacity, isEmpty, closed for send or for receive); receiveCatching.
 */
class ChanEndTest {
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

    @Test
    void stateQueriesFollowTheBufferAndTheEnd() {
        Chan<Integer> c = Chan.bounded("state", 3);
        assertEquals(3, c.capacity());
        assertEquals(0, c.size());
        assertTrue(c.isEmpty());
        c.send(1);
        c.send(2);
        assertEquals(2, c.size());
        assertFalse(c.isEmpty());
        assertTrue(c.close());
        assertFalse(c.close(), "closing twice: the second call does nothing");
        assertFalse(c.close(new IOException("late")), "a cause given after the close is ignored");
        assertTrue(c.isClosedForSend());
        assertTrue(c.isClosed());
        assertFalse(c.isClosedForReceive(), "two values still to receive");
        assertEquals(1, c.receive());
        assertEquals(2, c.receive());
        assertTrue(c.isClosedForReceive());
        assertNull(c.receiveOrNull(), "a plain close ends with null");
        assertEquals(new Received.Closed<Integer>(null), c.receiveCatching());
        assertEquals(Integer.MAX_VALUE, Chan.unbounded().capacity());
        assertEquals(0, Chan.bounded(0).capacity());
    }

    @Test
    void aRendezvousWithAWaitingSenderIsNotEmpty() {
        Chan<Integer> c = Chan.bounded(0);
        Fut<Void> sent = Fut.spawn(exec, () -> {
            c.send(7);
            return null;
        });
        Conditions.awaitUntil("the sender waiting", () -> c.toString().contains("1 senders"));
        assertEquals(0, c.size(), "nothing is buffered at a rendezvous");
        assertFalse(c.isEmpty(), "but a receive would not wait");
        assertEquals(7, c.receive());
        await(sent);
        assertTrue(c.isEmpty());
    }

    @Test
    void aCloseWithACauseReachesEveryReceiverAfterTheDrain() {
        Chan<String> c = Chan.unbounded("failing");
        c.send("a");
        IOException cause = new IOException("disk gone");
        assertTrue(c.close(cause));
        ChannelClosedException send = assertThrows(ChannelClosedException.class, () -> c.send("b"));
        assertSame(cause, send.getCause());
        assertEquals("cannot send to channel 'failing': it was closed with java.io.IOException: disk gone", send.getMessage());
        assertEquals("a", c.receiveOrNull(), "what was buffered is received first");
        ChannelClosedException end = assertThrows(ChannelClosedException.class, c::receiveOrNull);
        assertSame(cause, end.getCause());
        assertEquals("cannot receive from channel 'failing': it was closed with java.io.IOException: disk gone", end.getMessage());
        assertSame(cause, assertThrows(ChannelClosedException.class, c::receive).getCause());
        assertEquals(new Received.Closed<String>(cause), c.receiveCatching());
        assertNull(c.tryReceive(), "tryReceive says only that no value is there");
        assertSame(cause, assertThrows(ChannelClosedException.class, () -> c.iterator().hasNext()).getCause());
        assertEquals("x", Chan.<String>select().onReceiveCatching(c, r -> r.isClosed() ? "x" : "?").await());
        assertSame(cause, assertThrows(ChannelClosedException.class,
                () -> Chan.<String>select().onReceive(c, v -> "?").await()).getCause());
    }

    @Test
    void aCloseWithACauseWakesWaitingReceiversAndSenders() {
        Chan<Integer> empty = Chan.bounded(1);
        Chan<Integer> full = Chan.bounded(1);
        full.send(0);
        Fut<Received<Integer>> receiver = Fut.spawn(exec, empty::receiveCatching);
        Fut<Integer> plainReceiver = Fut.spawn(exec, empty::receive);
        Fut<Void> sender = Fut.spawn(exec, () -> {
            full.send(1);
            return null;
        });
        Conditions.awaitUntil("both waiting", () -> empty.toString().contains("2 receivers")
                && full.toString().contains("1 senders"));
        IllegalStateException cause = new IllegalStateException("stop");
        empty.close(cause);
        full.close(cause);
        assertEquals(new Received.Closed<Integer>(cause), await(receiver));
        Throwable r = assertThrows(Throwable.class, () -> await(plainReceiver));
        assertInstanceOf(ChannelClosedException.class, r);
        assertSame(cause, r.getCause());
        Throwable s = assertThrows(Throwable.class, () -> await(sender));
        assertInstanceOf(ChannelClosedException.class, s);
        assertSame(cause, s.getCause());
        assertEquals(0, full.receive(), "the value buffered before the close is still received");
    }

    @Test
    void cancelDropsTheBufferAndFailsBothSides() {
        Chan<Integer> c = Chan.bounded("cancelled", 2);
        c.send(1);
        c.send(2);
        Fut<Void> waitingSender = Fut.spawn(exec, () -> {
            c.send(3);
            return null;
        });
        Conditions.awaitUntil("the sender waiting", () -> c.toString().contains("1 senders"));
        assertEquals(List.of(1, 2), c.cancel(), "the dropped values go back to the caller");
        assertEquals(List.of(), c.cancel(), "cancelling twice");
        Throwable s = assertThrows(Throwable.class, () -> await(waitingSender));
        assertInstanceOf(ChannelClosedException.class, s);
        assertInstanceOf(CancellationException.class, s.getCause());
        assertTrue(c.isClosedForSend());
        assertTrue(c.isClosedForReceive());
        assertEquals(0, c.size());
        ChannelClosedException r = assertThrows(ChannelClosedException.class, c::receiveOrNull);
        assertEquals("cannot receive from channel 'cancelled': it was cancelled", r.getMessage());
        assertInstanceOf(CancellationException.class, r.getCause());
        assertInstanceOf(CancellationException.class, ((Received.Closed<Integer>) c.receiveCatching()).cause());
        assertThrows(ChannelClosedException.class, () -> c.send(4));
    }

    @Test
    void cancelAfterACloseDropsWhatWasLeftAndKeepsTheCause() {
        Chan<Integer> c = Chan.unbounded();
        c.send(1);
        IOException cause = new IOException("first");
        c.close(cause);
        assertEquals(List.of(1), c.cancel());
        Throwable end = assertThrows(ChannelClosedException.class, c::receive).getCause();
        assertInstanceOf(CancellationException.class, end);
        assertSame(cause, end.getCause());
    }

    @Test
    void cancelWakesAWaitingReceiver() {
        Chan<Integer> c = Chan.bounded(0);
        Fut<Integer> receiver = Fut.spawn(exec, c::receive);
        Conditions.awaitUntil("the receiver waiting", () -> c.toString().contains("1 receivers"));
        assertEquals(List.of(), c.cancel());
        Throwable r = assertThrows(Throwable.class, () -> await(receiver));
        assertInstanceOf(ChannelClosedException.class, r);
        assertInstanceOf(CancellationException.class, r.getCause());
    }

    @Test
    void channelClosedIsNotAnIllegalState() {
        Chan<Integer> c = Chan.unbounded();
        c.close();
        RuntimeException e = assertThrows(ChannelClosedException.class, () -> c.send(1));
        assertFalse(e instanceof IllegalStateException, "a catch of IllegalStateException must not catch it");
    }

    @Test
    void aConflatedChannelKeepsTheLatestValueAndNeverWaits() {
        Chan<Integer> c = Chan.conflated();
        for (int i = 0; i < 100; i++) {
            c.send(i); // never waits
        }
        assertTrue(c.trySend(100));
        assertEquals(1, c.size());
        assertEquals(100, c.receive());
        assertNull(c.tryReceive());
        assertEquals(Integer.MAX_VALUE, c.asBlockingQueue().remainingCapacity(), "an offer never fails");
    }

    @Test
    void aDropOldestChannelKeepsTheNewestValuesInOrder() {
        Chan<Integer> c = Chan.dropOldest("latest", 3);
        for (int i = 0; i < 10; i++) {
            c.send(i);
        }
        assertEquals(3, c.size());
        assertEquals(3, c.capacity());
        List<Integer> got = new ArrayList<>();
        c.close();
        for (int v : c) {
            got.add(v);
        }
        assertEquals(List.of(7, 8, 9), got);
        assertEquals("a drop-oldest channel keeps at least 1 value: 0",
                assertThrows(IllegalArgumentException.class, () -> Chan.dropOldest(0)).getMessage());
    }

    @Test
    void aDropOldestChannelHandsAValueStraightToAWaitingReceiver() {
        Chan<Integer> c = Chan.dropOldest(1);
        Fut<Integer> receiver = Fut.spawn(exec, c::receive);
        Conditions.awaitUntil("the receiver waiting", () -> c.toString().contains("1 receivers"));
        c.send(1);
        c.send(2);
        assertEquals(1, await(receiver), "the first value went to the waiting receiver, not into the buffer");
        assertEquals(2, c.receive());
    }
}
