package dev.tidepool.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import dev.tidepool.testsupport.Conditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Select from plain threads: exactly one case happens, the others leave their channels as they were. */
class SelectTest {
    private static String idle(Chan<?> c) {
        return c.toString().contains("0 senders and 0 receivers waiting") ? "idle" : c.toString();
    }

    private static <T> T await(Fut<T> f) {
        try {
            return f.await(Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            throw new AssertionError("still pending after 60 s", e);
        }
    }

    @Test
    void aCaseThatCanHappenNowHappensAndNoOther() {
        Chan<Integer> a = Chan.bounded(4);
        Chan<Integer> b = Chan.bounded(0); // a send to it would wait: no receiver
        a.send(1);
        String r = Chan.<String>select()
                .onSend(b, 99, () -> "sent")
                .onReceive(a, v -> "got " + v)
                .await();
        assertEquals("got 1", r);
        assertNull(b.tryReceive(), "the send case did not happen");
        assertEquals("idle", idle(a));
        assertEquals("idle", idle(b));
    }

    /**
     * The function of a case that could happen at once, and orElse, run with no channel lock held:
     * here each waits for a thread that must first take the lock of a channel of the select. Run
     * under the select's locks (as they once were) they wait for ever.
     */
    @Test
    void theFunctionOfACaseAndOrElseRunWithNoChannelLockHeld() {
        Chan<Integer> a = Chan.bounded(1);
        Chan<Integer> handOver = Chan.bounded(0);
        ExecutorService exec = Executors.newFixedThreadPool(1);
        try {
            a.send(1);
            String r = Chan.<String>select()
                    .onReceive(a, v -> {
                        Fut<Integer> other = Fut.spawn(exec, () -> {
                            a.trySend(2); // the lock of a
                            return handOver.receive();
                        });
                        handOver.send(v);
                        return "got " + v + ", handed over " + await(other);
                    })
                    .await();
            assertEquals("got 1, handed over 1", r);
            assertEquals(2, a.tryReceive());
            String e = Chan.<String>select()
                    .onReceive(a, v -> "got")
                    .orElse(() -> "nothing now, " + await(Fut.spawn(exec, () -> a.trySend(3) ? "then 3" : "full")))
                    .await();
            assertEquals("nothing now, then 3", e);
        } finally {
            exec.shutdownNow();
        }
    }

    @Test
    void orElseRunsWhenNoCaseCanHappenNow() {
        Chan<Integer> a = Chan.bounded(1);
        Chan<Integer> full = Chan.bounded(1);
        full.send(5);
        String r = Chan.<String>select()
                .onReceive(a, v -> "got")
                .onSend(full, 6, () -> "sent")
                .orElse(() -> "nothing now")
                .await();
        assertEquals("nothing now", r);
        assertEquals(5, full.tryReceive());
        assertNull(full.tryReceive(), "6 was not sent");
        assertEquals("idle", idle(a));
    }

    @Test
    void aWaitingSelectTakesTheFirstOperationAndWithdrawsTheOthers() throws Exception {
        Chan<Integer> a = Chan.bounded(0);
        Chan<Integer> b = Chan.bounded(0);
        Chan<Integer> out = Chan.bounded(0);
        ExecutorService exec = Executors.newFixedThreadPool(1);
        try {
            Fut<String> r = Fut.spawn(exec, () -> Chan.<String>select()
                    .onReceive(a, v -> "a " + v)
                    .onReceive(b, v -> "b " + v)
                    .onSend(out, 1, () -> "out")
                    .await());
            Conditions.awaitUntil("the select waiting on three channels",
                    () -> a.toString().contains("1 receivers") && b.toString().contains("1 receivers")
                            && out.toString().contains("1 senders"));
            b.send(2); // a rendezvous: returns once the select took it
            assertEquals("b 2", await(r));
            assertEquals("idle", idle(a));
            assertEquals("idle", idle(b));
            assertEquals("idle", idle(out));
            assertTrue(a.trySend(3) == false && out.tryReceive() == null, "nothing left behind");
        } finally {
            exec.shutdownNow();
            assertTrue(exec.awaitTermination(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void aWaitingSendCaseHandsItsValueToAReceiver() throws Exception {
        Chan<Integer> a = Chan.bounded(0);
        Chan<String> b = Chan.bounded(0);
        Thread t = Thread.ofPlatform().start(() -> {
            String r = Chan.<String>select().onReceive(a, v -> "a").onSend(b, "hello", () -> "sent").await();
            assertEquals("sent", r);
        });
        Conditions.awaitUntil("the select waiting", () -> b.toString().contains("1 senders"));
        assertEquals("hello", b.receive());
        assertTrue(t.join(Duration.ofSeconds(60)));
        assertEquals("idle", idle(a));
    }

    @Test
    void aTimeoutHappensWhenNothingElseDoesAndLeavesNoWaiter() {
        Chan<Integer> a = Chan.bounded(0);
        Chan<Integer> b = Chan.bounded(0);
        String r = Chan.<String>select()
                .onReceive(a, v -> "a")
                .onSend(b, 1, () -> "b")
                .onTimeout(Duration.ofMillis(20), () -> "timed out")
                .await();
        assertEquals("timed out", r);
        assertEquals("idle", idle(a));
        assertEquals("idle", idle(b));
        assertEquals("zero", Chan.<String>select().onTimeout(Duration.ZERO, () -> "zero").await());
    }

    @Test
    void closedChannels() {
        Chan<Integer> closed = Chan.bounded(1);
        closed.close();
        Chan<Integer> other = Chan.bounded(0);
        assertEquals("end", Chan.<String>select()
                .onReceive(other, v -> "other")
                .onReceive(closed, v -> v == null ? "end" : "value")
                .await());
        ChannelClosedException e = assertThrows(ChannelClosedException.class,
                () -> Chan.<String>select().onSend(closed, 1, () -> "sent").await());
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void closingWakesAWaitingSelect() throws Exception {
        Chan<Integer> a = Chan.bounded(0);
        Chan<Integer> b = Chan.bounded(0);
        ExecutorService exec = Executors.newFixedThreadPool(2);
        try {
            Fut<String> receiving = Fut.spawn(exec, () -> Chan.<String>select()
                    .onReceive(a, v -> v == null ? "a ended" : "a " + v).await());
            Fut<String> sending = Fut.spawn(exec, () -> Chan.<String>select()
                    .onSend(b, 1, () -> "sent").await());
            Conditions.awaitUntil("both selects waiting",
                    () -> a.toString().contains("1 receivers") && b.toString().contains("1 senders"));
            a.close();
            b.close();
            assertEquals("a ended", await(receiving));
            Throwable t = assertThrows(Throwable.class, () -> await(sending));
            assertTrue(t instanceof ChannelClosedException, String.valueOf(t));
        } finally {
            exec.shutdownNow();
            assertTrue(exec.awaitTermination(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSwitchTurnedOffStopsTheWaitAndNoCaseHappens() throws Exception {
        Chan<Integer> a = Chan.bounded(0);
        Chan<Integer> b = Chan.bounded(0);
        Switch sw = Switch.create();
        ExecutorService exec = Executors.newFixedThreadPool(1);
        try {
            Fut<String> r = Fut.spawn(exec, sw, () -> Chan.<String>select()
                    .onReceive(a, v -> "a").onSend(b, 1, () -> "b").await());
            Conditions.awaitUntil("the select waiting", () -> a.toString().contains("1 receivers"));
            sw.turnOff();
            assertThrows(SwitchOffException.class, () -> await(r));
            Conditions.awaitUntil("its cases withdrawn", () -> idle(a).equals("idle") && idle(b).equals("idle"));
            assertNull(b.tryReceive(), "the withdrawn send case sent nothing"); // and both are idle: checked above
        } finally {
            exec.shutdownNow();
            assertTrue(exec.awaitTermination(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void whenSeveralCasesCanHappenEachGetsItsTurn() {
        Chan<Integer> a = Chan.unbounded();
        Chan<Integer> b = Chan.unbounded();
        int[] count = new int[2];
        for (int i = 0; i < 1_000; i++) {
            a.send(i);
            b.send(i);
            Chan.<Void>select()
                    .onReceive(a, v -> { count[0]++; return null; })
                    .onReceive(b, v -> { count[1]++; return null; })
                    .await();
        }
        // a fair coin gives fewer than 300 of 1000 with probability below 1e-36
        assertTrue(count[0] > 300 && count[1] > 300, count[0] + " / " + count[1]);
    }

    /**
     * Selects on both sides of rendezvous channels, from many threads: every value sent by a
     * select is received by exactly one select, and no select is left waiting.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8})
    void selectsAgainstSelectsLoseAndDuplicateNothing(int capacity) throws Exception {
        int producers = 3;
        int consumers = 3;
        int perProducer = 3_000;
        Chan<Integer> a = Chan.bounded(capacity);
        Chan<Integer> b = Chan.bounded(capacity);
        AtomicIntegerArray seen = new AtomicIntegerArray(producers * perProducer);
        ExecutorService exec = Executors.newFixedThreadPool(producers + consumers);
        try {
            List<Fut<Integer>> cons = new ArrayList<>();
            for (int k = 0; k < consumers; k++) {
                cons.add(Fut.spawn(exec, () -> {
                    int got = 0;
                    boolean aOpen = true;
                    boolean bOpen = true;
                    while (aOpen || bOpen) {
                        Select<Integer> s = Chan.select();
                        if (aOpen) {
                            s.onReceive(a, v -> v == null ? -1 : v);
                        }
                        if (bOpen) {
                            s.onReceive(b, v -> v == null ? -2 : v);
                        }
                        int v = s.await();
                        if (v == -1) {
                            aOpen = false;
                        } else if (v == -2) {
                            bOpen = false;
                        } else {
                            seen.incrementAndGet(v);
                            got++;
                        }
                    }
                    return got;
                }));
            }
            List<Fut<Void>> prods = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                prods.add(Fut.spawn(exec, () -> {
                    for (int i = 0; i < perProducer; i++) {
                        int v = base + i;
                        Chan.<Void>select().onSend(a, v, () -> null).onSend(b, v, () -> null).await();
                    }
                    return null;
                }));
            }
            for (Fut<Void> p : prods) {
                await(p);
            }
            a.close();
            b.close();
            int total = 0;
            for (Fut<Integer> c : cons) {
                total += await(c);
            }
            assertEquals(producers * perProducer, total);
            for (int i = 0; i < seen.length(); i++) {
                assertEquals(1, seen.get(i), "value " + i);
            }
            assertEquals("idle", idle(a));
            assertEquals("idle", idle(b));
        } finally {
            exec.shutdownNow();
            assertTrue(exec.awaitTermination(60, TimeUnit.SECONDS));
        }
    }

    /** One select built once and awaited on every turn of a loop, until both channels have ended. */
    @Test
    void aSelectIsReusedInALoopUntilItsChannelsEnd() {
        Chan<Integer> a = Chan.bounded(2);
        Chan<Integer> b = Chan.bounded(2);
        ExecutorService exec = Executors.newFixedThreadPool(2);
        try {
            Fut<Void> feed = Fut.spawn(exec, () -> {
                for (int i = 0; i < 500; i++) {
                    (i % 2 == 0 ? a : b).send(i);
                }
                a.close();
                b.close(new IllegalStateException("b failed"));
                return null;
            });
            List<Integer> got = new ArrayList<>();
            int[] ended = new int[1];
            List<String> ends = new ArrayList<>();
            Select<Void> turn = Chan.<Void>select()
                    .onReceiveCatching(a, r -> {
                        switch (r) {
                            case Received.Value<Integer>(Integer v) -> got.add(v);
                            case Received.Closed<Integer>(Throwable cause) -> ends.add("a " + cause);
                        }
                        return null;
                    })
                    .onReceiveCatching(b, r -> {
                        switch (r) {
                            case Received.Value<Integer>(Integer v) -> got.add(v);
                            case Received.Closed<Integer>(Throwable cause) -> ends.add("b " + cause.getMessage());
                        }
                        return null;
                    });
            while (ends.size() < 2 || !ends.contains("a null") || !ends.contains("b b failed")) {
                turn.await();
                ended[0]++;
            }
            await(feed);
            got.sort(null);
            assertEquals(500, got.size());
            for (int i = 0; i < 500; i++) {
                assertEquals(i, got.get(i));
            }
            assertTrue(ended[0] >= 502, "one value or one end per turn: " + ended[0]);
        } finally {
            exec.shutdownNow();
        }
    }

    /** Several threads await one select at once: each await is a select of its own. */
    @Test
    void oneSelectAwaitedByManyThreadsAtOnce() throws InterruptedException {
        Chan<Integer> c = Chan.bounded(0);
        AtomicIntegerArray seen = new AtomicIntegerArray(400);
        Select<Integer> take = Chan.<Integer>select().onReceive(c, v -> {
            seen.incrementAndGet(v);
            return v;
        });
        ExecutorService exec = Executors.newFixedThreadPool(4);
        try {
            List<Fut<Void>> takers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                takers.add(Fut.spawn(exec, () -> {
                    for (int i = 0; i < 100; i++) {
                        take.await();
                    }
                    return null;
                }));
            }
            for (int i = 0; i < 400; i++) {
                c.send(i);
            }
            for (Fut<Void> f : takers) {
                await(f);
            }
            for (int i = 0; i < 400; i++) {
                assertEquals(1, seen.get(i), "value " + i);
            }
        } finally {
            exec.shutdownNow();
            assertTrue(exec.awaitTermination(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void badInput() {
        Chan<Integer> a = Chan.bounded("a", 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Chan.select().await()).getMessage()
                .contains("no case"));
        Select<String> s = Chan.<String>select().onReceive(a, v -> "x").orElse(() -> "none");
        assertEquals("Select[receive from a, or else]", s.toString());
        assertEquals("none", s.await());
        assertEquals("none", s.await(), "a select may be awaited again");
        assertThrows(IllegalStateException.class,
                () -> Chan.<String>select().orElse(() -> "x").onTimeout(Duration.ofSeconds(1), () -> "y"));
        assertEquals("timeout must not be negative: PT-0.001S", assertThrows(IllegalArgumentException.class,
                () -> Chan.<String>select().onTimeout(Duration.ofMillis(-1), () -> "y")).getMessage());
        assertEquals("value", assertThrows(NullPointerException.class,
                () -> Chan.<String>select().onSend(a, null, () -> "y")).getMessage());
    }
}
