package dev.tidepool.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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

    /** Runs {@code body} on a platform thread, interrupts it once it waits, and returns what it threw. */
    private static Throwable interruptedWhileWaiting(Chan<?> c, String waiting, ThrowingRunnable body) throws InterruptedException {
        Throwable[] thrown = new Throwable[1];
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                thrown[0] = e;
            }
        });
        dev.tidepool.testsupport.Conditions.awaitUntil(waiting, () -> c.toString().contains(waiting));
        t.interrupt();
        assertTrue(t.join(java.time.Duration.ofSeconds(60)), "the interrupted thread ended");
        return thrown[0];
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void anInterruptEndsAWaitingPutOrTakeAndLeavesTheChannelAsItWas() throws Exception {
        Chan<Integer> full = Chan.bounded(1);
        full.send(0);
        BlockingQueue<Integer> fq = full.asBlockingQueue();
        assertInstanceOf(InterruptedException.class, interruptedWhileWaiting(full, "1 senders", () -> fq.put(1)));
        assertInstanceOf(InterruptedException.class, interruptedWhileWaiting(full, "1 senders",
                () -> fq.offer(1, 1, TimeUnit.DAYS)));
        assertEquals(List.of(0), new ArrayList<>(fq), "nothing was sent");
        assertTrue(full.toString().contains("0 senders"), full.toString());

        Chan<Integer> empty = Chan.bounded(1);
        BlockingQueue<Integer> eq = empty.asBlockingQueue();
        assertInstanceOf(InterruptedException.class, interruptedWhileWaiting(empty, "1 receivers", eq::take));
        assertInstanceOf(InterruptedException.class, interruptedWhileWaiting(empty, "1 receivers",
                () -> eq.poll(1, TimeUnit.DAYS)));
        assertTrue(empty.toString().contains("0 receivers"), "the receives were withdrawn: " + empty);
        empty.send(5);
        assertEquals(5, eq.take(), "nothing was taken");
    }

    @Test
    void anInterruptOnEntryThrowsAtOnceEvenWithAValueThere() {
        Chan<Integer> c = Chan.bounded(1);
        c.send(1);
        BlockingQueue<Integer> q = c.asBlockingQueue();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, q::take);
        assertFalse(Thread.currentThread().isInterrupted(), "the interrupt was consumed, as the JDK's queues do");
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> q.poll(1, TimeUnit.SECONDS));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> q.put(2));
        assertEquals(1, c.size(), "the value is still there");
        assertEquals(1, q.poll(), "the non-waiting poll ignores interrupts, as the JDK's does");
    }

    /** A thread pool whose work queue is a channel: shutdownNow interrupts its idle workers in take(). */
    @Test
    void aThreadPoolOverTheViewStopsOnShutdownNow() throws Exception {
        Chan<Runnable> work = Chan.unbounded();
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(
                2, 2, 0, TimeUnit.SECONDS, work.asBlockingQueue());
        java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            pool.execute(ran::countDown);
        }
        assertTrue(ran.await(60, TimeUnit.SECONDS), "the tasks ran");
        dev.tidepool.testsupport.Conditions.awaitUntil("both workers waiting in take()",
                () -> work.toString().contains("2 receivers"));
        assertEquals(List.of(), pool.shutdownNow());
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "the workers ended");
    }

    @Test
    void theLongestTimeoutsDoNotOverflow() throws Exception {
        Chan<String> c = Chan.bounded(1);
        BlockingQueue<String> q = c.asBlockingQueue();
        assertTrue(q.offer("a", Long.MAX_VALUE, TimeUnit.HOURS));
        assertEquals("a", q.poll(Long.MAX_VALUE, TimeUnit.DAYS));
        assertTrue(q.offer("b", Long.MAX_VALUE, TimeUnit.NANOSECONDS));
        assertEquals("b", q.poll(Long.MAX_VALUE, TimeUnit.MILLISECONDS));
        assertTrue(q.offer("c", -5, TimeUnit.SECONDS), "a negative timeout is none");
        assertFalse(q.offer("d", -5, TimeUnit.SECONDS));
    }
}
