package dev.tidepool.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A channel through the BlockingQueue interface: each method is the matching channel operation. */
class ChanQueueTest {
    @Test
    void boundedQueueOperations() throws Exception {
        Chan<String> c = Chan.bounded("q", 2);
        BlockingQueue<String> q = c.asBlockingQueue();
        assertTrue(q.offer("a"));
        q.put("b");
        assertFalse(q.offer("c"), "full");
        assertFalse(q.offer("c", 10, TimeUnit.MILLISECONDS), "still full after the timeout");
        assertThrows(IllegalStateException.class, () -> q.add("c"));
        assertEquals(2, q.size());
        assertEquals(0, q.remainingCapacity());
        assertEquals("a", q.peek());
        assertEquals(List.of("a", "b"), new ArrayList<>(q), "iteration is a snapshot of the buffer");
        assertEquals("a", q.take());
        assertEquals("b", q.poll(10, TimeUnit.MILLISECONDS));
        assertNull(q.poll());
        assertNull(q.poll(10, TimeUnit.MILLISECONDS), "empty after the timeout");
        assertEquals(2, q.remainingCapacity());
        q.put("x");
        q.put("y");
        List<String> drained = new ArrayList<>();
        assertEquals(1, q.drainTo(drained, 1));
        assertEquals(1, q.drainTo(drained));
        assertEquals(List.of("x", "y"), drained);
        assertThrows(IllegalArgumentException.class, () -> q.drainTo(q));
        assertEquals("BlockingQueue view of Chan[q, 0 buffered of 2, 0 senders and 0 receivers waiting]", q.toString());
    }

    @Test
    void aClosedChannelThroughTheView() throws Exception {
        Chan<Integer> c = Chan.unbounded();
        BlockingQueue<Integer> q = c.asBlockingQueue();
        q.add(1);
        assertEquals(Integer.MAX_VALUE, q.remainingCapacity());
        c.close();
        assertThrows(ChannelClosedException.class, () -> q.put(2));
        assertThrows(ChannelClosedException.class, () -> q.offer(2));
        assertEquals(1, q.take(), "what was buffered is still received");
        assertThrows(ChannelClosedException.class, q::take);
        assertNull(q.poll());
    }

    @Test
    void aRendezvousPeeksAtAWaitingSender() throws Exception {
        Chan<Integer> c = Chan.bounded(0);
        BlockingQueue<Integer> q = c.asBlockingQueue();
        Thread sender = Thread.ofPlatform().start(() -> c.send(9));
        dev.tidepool.testsupport.Conditions.awaitUntil("the sender waiting", () -> c.toString().contains("1 senders"));
        assertEquals(9, q.peek());
        assertEquals(0, q.size(), "a waiting sender's value is not buffered");
        assertEquals(9, q.take());
        assertTrue(sender.join(java.time.Duration.ofSeconds(60)));
    }
}
