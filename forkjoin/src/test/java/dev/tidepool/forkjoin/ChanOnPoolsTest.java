package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.channels.Chan;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.WsPool;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import dev.tidepool.testsupport.Conditions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Channels between tasks on real pools: waits that free the worker, no value lost or duplicated, switches. */
class ChanOnPoolsTest {
    @Test
    void aTaskWaitingOnAChannelFreesItsCore() {
        try (CoreBudget one = CoreBudget.of(1);
             WsPool pool = WsPool.builder().name("one-core").threads(1).budget(one).build()) {
            Chan<Integer> c = Chan.bounded(0);
            Fut<Integer> receiver = pool.spawn(c::receive); // waits: the only core must go to the sender
            Fut<Integer> sender = pool.spawn(() -> {
                c.send(42);
                return 1;
            });
            assertEquals(1, Setup.await(sender));
            assertEquals(42, Setup.await(receiver));
            pool.shutdown();
            assertTrue(Setup.awaitTermination(pool));
        }
    }

    @Test
    void aTaskWaitingInASelectFreesItsCore() {
        try (CoreBudget one = CoreBudget.of(1);
             FifoPool pool = FifoPool.builder().name("one-core-select").threads(1).budget(one).build()) {
            Chan<Integer> a = Chan.bounded(0);
            Chan<String> b = Chan.bounded(0);
            Fut<String> selecting = pool.spawn(() -> Chan.<String>select()
                    .onReceive(a, v -> "a " + v)
                    .onReceive(b, v -> "b " + v)
                    .await()); // waits: the only core must go to the sender
            Fut<Integer> sender = pool.spawn(() -> {
                b.send("hi");
                return 1;
            });
            assertEquals(1, Setup.await(sender));
            assertEquals("b hi", Setup.await(selecting));
            assertEquals(null, a.tryReceive());
            pool.shutdown();
            assertTrue(Setup.awaitTermination(pool));
        }
    }

    @Test
    void flowBridgesRunOnOneCoreBecauseTheirWaitsSuspend() {
        try (CoreBudget one = CoreBudget.of(1);
             FifoPool pool = FifoPool.builder().name("one-core-flow").threads(1).budget(one).build()) {
            Chan<Integer> from = Chan.bounded(0);
            Chan<Integer> to = Chan.bounded(0);
            dev.tidepool.channels.ChanSubscriber<Integer> sub = dev.tidepool.channels.ChanFlow.subscriber(to, pool);
            dev.tidepool.channels.ChanFlow.publisher(from, pool).subscribe(sub);
            Fut<Integer> sum = pool.spawn(() -> {
                int s = 0;
                for (int v : to) {
                    s += v;
                }
                return s;
            });
            Fut<Void> producer = pool.spawn(() -> {
                for (int i = 1; i <= 100; i++) {
                    from.send(i);
                }
                from.close();
                return null;
            });
            Setup.await(producer);
            assertEquals(5_050, Setup.await(sum));
            Setup.await(sub.done());
            pool.shutdown();
            assertTrue(Setup.awaitTermination(pool));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16, -1})
    void producersAndConsumersOnTwoPoolsLoseAndDuplicateNothing(int capacity) {
        int producers = 4;
        int perProducer = 5_000;
        Chan<Integer> c = capacity < 0 ? Chan.unbounded() : Chan.bounded(capacity);
        try (WsPool compute = WsPool.builder().name("producers").threads(2).build();
             FifoPool requests = FifoPool.builder().name("consumers").threads(3).build()) {
            List<Fut<int[]>> consumers = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                consumers.add(requests.spawn(() -> {
                    int[] seen = new int[producers * perProducer];
                    for (Integer v : c) {
                        seen[v]++;
                    }
                    return seen;
                }));
            }
            List<Fut<Integer>> sends = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer;
                sends.add(compute.spawn(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        c.send(base + i);
                    }
                    return perProducer;
                }));
            }
            for (Fut<Integer> s : sends) {
                assertEquals(perProducer, Setup.await(s));
            }
            c.close();
            int[] total = new int[producers * perProducer];
            for (Fut<int[]> f : consumers) {
                int[] seen = Setup.await(f);
                for (int i = 0; i < total.length; i++) {
                    total[i] += seen[i];
                }
            }
            for (int i = 0; i < total.length; i++) {
                assertEquals(1, total[i], "value " + i + " received " + total[i] + " times, capacity " + capacity);
            }
        }
    }

    @Test
    void aSwitchTurningOffWithdrawsAWaitingReceiveAndSend() {
        try (WsPool pool = WsPool.builder().name("switched").threads(2).build()) {
            Chan<Integer> empty = Chan.bounded(1);
            Chan<Integer> full = Chan.bounded(1);
            full.send(1);
            Switch sw = Switch.create();
            Fut<Integer> receiving = pool.spawn(sw, empty::receive);
            Fut<Integer> sending = pool.spawn(sw, () -> {
                full.send(2);
                return 2;
            });
            Conditions.awaitUntil("a receive and a send waiting",
                    () -> empty.toString().contains("1 receivers") && full.toString().contains("1 senders"));
            sw.turnOff();
            assertThrows(SwitchOffException.class, () -> Setup.await(receiving));
            assertThrows(SwitchOffException.class, () -> Setup.await(sending));
            Conditions.awaitUntil("both withdrawn",
                    () -> empty.toString().contains("0 receivers") && full.toString().contains("0 senders"));
            assertTrue(empty.trySend(3), "nothing waits to take it");
            assertEquals(3, empty.tryReceive(), "the withdrawn receive took nothing");
            assertEquals(1, full.tryReceive());
            assertEquals(null, full.tryReceive(), "the withdrawn send left nothing");
        }
    }

    /**
     * A cancel while producers and consumers on two pools are busy with the channel: every value a
     * send returned for was received or handed back by cancel, exactly once; every producer and
     * consumer ends with the channel's cancellation as the cause.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 16})
    void aCancelWhileProducersAndConsumersRunAccountsForEveryValue(int capacity) {
        int producers = 4;
        Chan<Integer> c = Chan.bounded(capacity);
        java.util.concurrent.atomic.AtomicInteger sentSoFar = new java.util.concurrent.atomic.AtomicInteger();
        try (WsPool compute = WsPool.builder().name("producers").threads(2).build();
             FifoPool requests = FifoPool.builder().name("consumers").threads(3).build()) {
            List<Fut<List<Integer>>> consumers = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                consumers.add(requests.spawn(() -> {
                    List<Integer> got = new ArrayList<>();
                    for (;;) {
                        switch (c.receiveCatching()) {
                            case dev.tidepool.channels.Received.Value<Integer>(Integer v) -> got.add(v);
                            case dev.tidepool.channels.Received.Closed<Integer>(Throwable cause) -> {
                                assertTrue(cause instanceof java.util.concurrent.CancellationException, String.valueOf(cause));
                                return got;
                            }
                        }
                    }
                }));
            }
            List<Fut<List<Integer>>> sends = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * 1_000_000;
                sends.add(compute.spawn(() -> {
                    List<Integer> sent = new ArrayList<>();
                    try {
                        for (int i = 0; ; i++) {
                            c.send(base + i);
                            sent.add(base + i);
                            sentSoFar.incrementAndGet();
                        }
                    } catch (dev.tidepool.channels.ChannelClosedException e) {
                        assertTrue(e.getCause() instanceof java.util.concurrent.CancellationException, String.valueOf(e));
                        return sent;
                    }
                }));
            }
            Conditions.awaitUntil("a thousand values sent", () -> sentSoFar.get() >= 1_000);
            List<Integer> dropped = c.cancel();
            List<Integer> sent = new ArrayList<>();
            for (Fut<List<Integer>> f : sends) {
                sent.addAll(Setup.await(f));
            }
            List<Integer> accounted = new ArrayList<>(dropped);
            for (Fut<List<Integer>> f : consumers) {
                accounted.addAll(Setup.await(f));
            }
            sent.sort(null);
            accounted.sort(null);
            assertEquals(sent.size(), accounted.size(), "sent " + sent.size() + ", received or dropped " + accounted.size());
            assertEquals(sent, accounted, "each value sent was received or dropped, once");
            assertTrue(sent.size() >= 1_000, "values flowed before the cancel");
        }
    }
}
