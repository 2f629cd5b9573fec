package dev.tidepool.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.testsupport.Conditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A channel used from plain threads: order, capacity, closing, timeouts and bad input. */
class ChanTest {
    @Test
    void aBufferedChannelKeepsOrderAndItsCapacity() {
        Chan<Integer> c = Chan.bounded("two", 2);
        assertTrue(c.trySend(1));
        assertTrue(c.trySend(2));
        assertFalse(c.trySend(3), "full at its capacity");
        assertEquals(1, c.receive());
        assertTrue(c.trySend(3));
        assertEquals(List.of(2, 3), List.of(c.receive(), c.tryReceive()));
        assertNull(c.tryReceive(), "empty");
    }

    @Test
    void anUnboundedChannelNeverRefuses() {
        Chan<Integer> c = Chan.unbounded();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(c.trySend(i));
        }
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i, c.tryReceive());
        }
    }

    @Test
    void aRendezvousHandsTheValueToAWaitingReceiver() throws Exception {
        Chan<String> c = Chan.bounded(0);
        assertFalse(c.trySend("nobody waits"), "a rendezvous buffers nothing");
        AtomicReference<String> got = new AtomicReference<>();
        Thread receiver = Thread.ofPlatform().start(() -> got.set(c.receive()));
        c.send("hello"); // waits until the receiver takes it
        receiver.join(60_000);
        assertFalse(receiver.isAlive());
        assertEquals("hello", got.get());
    }

    @Test
    void closingLetsReceiversDrainThenEnds() {
        Chan<Integer> c = Chan.bounded("closing", 4);
        c.send(1);
        c.send(2);
        c.close();
        c.close(); // again: nothing
        assertTrue(c.isClosed());
        ChannelClosedException e = assertThrows(ChannelClosedException.class, () -> c.send(3));
        assertEquals("cannot send to channel 'closing': it is closed", e.getMessage());
        assertThrows(ChannelClosedException.class, () -> c.trySend(3));
        List<Integer> got = new ArrayList<>();
        c.forEach(got::add);
        assertEquals(List.of(1, 2), got, "what was buffered, then the end");
        assertNull(c.receiveOrNull());
        assertNull(c.tryReceive());
        assertEquals("cannot receive from channel 'closing': it is closed",
                assertThrows(ChannelClosedException.class, c::receive).getMessage());
    }

    @Test
    void closingWakesWaitingSendersAndReceivers() throws Exception {
        Chan<Integer> full = Chan.bounded(0);
        Chan<Integer> empty = Chan.bounded(1);
        AtomicReference<Throwable> sender = new AtomicReference<>();
        AtomicReference<Integer> receiver = new AtomicReference<>(-1);
        CountDownLatch done = new CountDownLatch(2);
        Thread.ofPlatform().start(() -> {
            try {
                full.send(7);
            } catch (Throwable t) {
                sender.set(t);
            }
            done.countDown();
        });
        Thread.ofPlatform().start(() -> {
            receiver.set(empty.receiveOrNull());
            done.countDown();
        });
        Conditions.awaitUntil("a sender and a receiver waiting",
                () -> full.toString().contains("1 senders") && empty.toString().contains("1 receivers"));
        full.close();
        empty.close();
        assertTrue(done.await(60, TimeUnit.SECONDS), "the waiting sender and receiver woke");
        assertTrue(sender.get() instanceof ChannelClosedException, String.valueOf(sender.get()));
        assertNull(receiver.get(), "the end, with nothing buffered");
        assertNull(full.tryReceive(), "the closed sender's value was not sent");
    }

    @Test
    void timedOperationsGiveUpAndWithdraw() {
        Chan<Integer> c = Chan.bounded(1);
        assertThrows(TimeoutException.class, () -> c.receive(Duration.ofMillis(20)));
        c.send(1);
        assertThrows(TimeoutException.class, () -> c.send(2, Duration.ofMillis(20)));
        assertEquals(1, c.tryReceive());
        assertNull(c.tryReceive(), "the timed-out send left nothing behind");
        assertTrue(c.toString().contains("0 senders and 0 receivers waiting"), c.toString());
    }

    @Test
    void badInputIsRefusedNamingTheValue() {
        assertEquals("capacity must be at least 0: -1",
                assertThrows(IllegalArgumentException.class, () -> Chan.bounded(-1)).getMessage());
        Chan<String> c = Chan.unbounded();
        assertEquals("value", assertThrows(NullPointerException.class, () -> c.send(null)).getMessage());
        assertEquals("value", assertThrows(NullPointerException.class, () -> c.trySend(null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.receive(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> Chan.bounded(null, 1));
    }
}
