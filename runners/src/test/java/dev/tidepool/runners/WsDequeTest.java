package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WsDequeTest {
    record Task(int id) implements Runnable {
        @Override
        public void run() {}
    }

    @Test
    void ownerPopsNewestThievesStealOldestAndItGrows() {
        WsDeque d = new WsDeque();
        assertNull(d.pop());
        assertNull(d.steal());
        for (int i = 0; i < 1000; i++) {
            d.push(new Task(i));
        }
        assertEquals(1000, d.size());
        assertEquals(new Task(0), d.steal());
        assertEquals(new Task(999), d.pop());
        for (int i = 998; i >= 1; i--) {
            assertEquals(new Task(i), d.pop());
        }
        assertTrue(d.isEmpty());
        assertNull(d.pop());
    }

    @Test
    void wrapsAroundManyTimesWithoutLosingOrder() {
        WsDeque d = new WsDeque();
        int next = 0;
        int expectSteal = 0;
        for (int round = 0; round < 10_000; round++) {
            d.push(new Task(next++));
            d.push(new Task(next++));
            assertEquals(new Task(expectSteal), d.steal());
            expectSteal = ((Task) d.pop()).id() + 1; // pop takes the newest; the queue is empty again
            assertTrue(d.isEmpty());
        }
    }

    @Test
    void everyTaskIsTakenExactlyOnceUnderConcurrentSteals() throws Exception {
        int n = 2_000_000;
        int thieves = 3;
        for (int round = 0; round < 3; round++) {
            WsDeque d = new WsDeque();
            AtomicIntegerArray taken = new AtomicIntegerArray(n);
            AtomicBoolean ownerDone = new AtomicBoolean();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < thieves; t++) {
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    while (!ownerDone.get() || !d.isEmpty()) {
                        Runnable r = d.steal();
                        if (r != null) {
                            taken.incrementAndGet(((Task) r).id());
                        }
                    }
                }));
            }
            go.countDown();
            Task[] tasks = new Task[n];
            for (int i = 0; i < n; i++) {
                tasks[i] = new Task(i);
            }
            for (int i = 0; i < n; i++) {
                d.push(tasks[i]);
                if ((i & 3) == 0) { // the owner also pops, racing thieves for the last task
                    Runnable r = d.pop();
                    if (r != null) {
                        taken.incrementAndGet(((Task) r).id());
                    }
                }
            }
            for (Runnable r; (r = d.pop()) != null; ) {
                taken.incrementAndGet(((Task) r).id());
            }
            ownerDone.set(true);
            for (Thread t : ts) {
                assertTrue(t.join(Stuck.LIMIT), "thief finished"); // the result, not isAlive(): see StuckJoinTest
            }
            for (int i = 0; i < n; i++) {
                if (taken.get(i) != 1) {
                    assertEquals(1, taken.get(i), "task " + i + " taken once (round " + round + ")");
                }
            }
        }
    }

    @Test
    void stolenTaskIsTheSameObject() {
        WsDeque d = new WsDeque();
        Task t = new Task(1);
        d.push(t);
        assertSame(t, d.steal());
    }
}
