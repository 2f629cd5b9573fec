package dev.tidepool.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.lincheck.Lincheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The waiting paths of channels under Lincheck's general-purpose model checker: each test starts a
 * few threads whose sends, receives and selects park, and the checker runs them under many
 * interleavings, switching threads at every shared access and park, then checks that no value is
 * lost, duplicated or reordered and that a withdrawn operation left no trace.
 * ({@link ChanLincheckTest} checks linearizability of the operations that never wait; Lincheck's
 * linearizability checker does not handle threads parked inside an operation.) A failure prints
 * the interleaving. A short run by default, a long one with {@code -Dtidepool.runs=long}.
 */
public class ChanWaitModelTest {
    private static final boolean LONG = "long".equals(System.getProperty("tidepool.runs"));
    private static final int INVOCATIONS = LONG ? 20_000 : 1_000;
    /** For the cancel and close-with-a-cause cases, whose waits are those of the cases above. */
    private static final int FEWER = LONG ? 20_000 : 500;

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1})
    void waitingSendersAndReceiversPassEveryValueOnceInOrder(int capacity) {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Chan<Integer> c = Chan.bounded(capacity);
            List<Integer> got = new ArrayList<>();
            runAll(() -> {
                c.send(1);
                c.send(2);
            }, () -> c.send(3), () -> {
                for (int i = 0; i < 3; i++) {
                    got.add(c.receive());
                }
            });
            assertEquals(List.of(1, 2, 3), got.stream().sorted().toList(), "each value once: " + got);
            assertTrue(got.indexOf(1) < got.indexOf(2), "one sender's values in its order: " + got);
            assertNull(c.tryReceive(), "nothing left over");
        });
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1})
    void closeWhileOthersWaitLosesNothingThatWasSent(int capacity) {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Chan<Integer> c = Chan.bounded(capacity);
            List<Integer> sent = new ArrayList<>();
            List<Integer> got = new ArrayList<>();
            runAll(() -> {
                for (int v = 1; v <= 3; v++) {
                    try {
                        c.send(v);
                        sent.add(v);
                    } catch (ChannelClosedException e) {
                        return; // every later send would be refused too
                    }
                }
            }, () -> {
                for (Integer v; (v = c.receiveOrNull()) != null; ) {
                    got.add(v);
                }
            }, c::close);
            assertEquals(sent, got, "what a send returned for is received, once and in order; nothing else is");
        });
    }

    @Test
    void aSendWithdrawnByItsSwitchLeavesNothingInTheChannel() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Chan<Integer> c = Chan.bounded(1);
            c.send(0); // full: the send of 1 waits
            Switch sw = Switch.create();
            AtomicReference<String> outcome = new AtomicReference<>();
            List<Integer> got = new ArrayList<>();
            runAll(() -> outcome.set(asCurrent(sw, () -> c.send(1))), () -> got.add(c.receive()), sw::turnOff);
            for (Integer v; (v = c.tryReceive()) != null; ) {
                got.add(v);
            }
            assertEquals(0, got.getFirst());
            assertEquals("done".equals(outcome.get()) ? List.of(0, 1) : List.of(0), got, "outcome " + outcome.get());
        });
    }

    @Test
    void aReceiveWithdrawnByItsSwitchTakesNothing() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Chan<Integer> c = Chan.bounded(1);
            Switch sw = Switch.create();
            AtomicReference<Integer> received = new AtomicReference<>();
            AtomicReference<String> outcome = new AtomicReference<>();
            runAll(() -> outcome.set(asCurrent(sw, () -> received.set(c.receive()))), () -> c.send(1), sw::turnOff);
            Integer left = c.tryReceive();
            if ("done".equals(outcome.get())) {
                assertEquals(1, received.get());
                assertNull(left, "taken once");
            } else {
                assertNull(received.get());
                assertEquals(1, left, "a receive that stopped took nothing");
            }
        });
    }

    @Test
    void aWaitingSelectRunsExactlyOneCase() {
        Lincheck.runConcurrentTest(INVOCATIONS, () -> {
            Chan<Integer> in = Chan.bounded(1);
            Chan<Integer> out = Chan.bounded(0);
            AtomicReference<String> fired = new AtomicReference<>();
            AtomicReference<Integer> taken = new AtomicReference<>();
            runAll(() -> fired.set(Chan.<String>select()
                            .onReceive(in, v -> "received " + v)
                            .onSend(out, 9, () -> "sent")
                            .await()),
                    () -> in.send(1),
                    () -> taken.set(out.tryReceive()));
            Integer left = in.tryReceive();
            if ("sent".equals(fired.get())) {
                assertEquals(9, taken.get());
                assertEquals(1, left, "the receive case took nothing");
            } else {
                assertEquals("received 1", fired.get());
                assertNull(taken.get(), "the send case sent nothing");
                assertNull(left);
            }
        });
    }

    /**
     * A cancel while a sender and a receiver may wait: every value a send returned for was either
     * received or handed back by cancel, never both and never lost; both sides end with a
     * CancellationException as the cause.
     */
    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1})
    void cancelWhileOthersWaitAccountsForEveryValue(int capacity) {
        Lincheck.runConcurrentTest(FEWER, () -> {
            Chan<Integer> c = Chan.bounded(capacity);
            List<Integer> sent = new ArrayList<>();
            List<Integer> got = new ArrayList<>();
            AtomicReference<List<Integer>> dropped = new AtomicReference<>();
            AtomicReference<Throwable> senderEnd = new AtomicReference<>();
            AtomicReference<Throwable> receiverEnd = new AtomicReference<>();
            runAll(() -> {
                try {
                    for (int v = 1; v <= 2; v++) {
                        c.send(v);
                        sent.add(v);
                    }
                } catch (ChannelClosedException e) {
                    senderEnd.set(e.getCause());
                }
            }, () -> {
                try {
                    for (;;) {
                        got.add(c.receive());
                    }
                } catch (ChannelClosedException e) {
                    receiverEnd.set(e.getCause());
                }
            }, () -> dropped.set(c.cancel()));
            List<Integer> accounted = new ArrayList<>(got);
            accounted.addAll(dropped.get());
            assertEquals(sent, accounted.stream().sorted().toList(),
                    "sent " + sent + " = received " + got + " + dropped " + dropped.get());
            assertTrue(receiverEnd.get() instanceof java.util.concurrent.CancellationException, "receiver: " + receiverEnd.get());
            assertTrue(senderEnd.get() == null || senderEnd.get() instanceof java.util.concurrent.CancellationException);
        });
    }

    /** A close with a cause while a select with a catching case waits: it gets a value or the end with that cause. */
    @Test
    void aWaitingCatchingSelectSeesAValueOrTheCause() {
        IllegalStateException cause = new IllegalStateException("stop");
        Lincheck.runConcurrentTest(FEWER, () -> {
            Chan<Integer> c = Chan.bounded(0);
            AtomicReference<Received<Integer>> r1 = new AtomicReference<>();
            AtomicReference<String> sendOutcome = new AtomicReference<>();
            runAll(() -> r1.set(Chan.<Received<Integer>>select().onReceiveCatching(c, r -> r).await()), () -> {
                try {
                    c.send(1);
                    sendOutcome.set("sent");
                } catch (ChannelClosedException e) {
                    sendOutcome.set("refused");
                }
            }, () -> c.close(cause));
            if ("sent".equals(sendOutcome.get())) {
                assertEquals(new Received.Value<>(1), r1.get());
            } else {
                assertEquals(new Received.Closed<Integer>(cause), r1.get());
            }
        });
    }

    /** "done" if {@code body} returned, "off" if it stopped with SwitchOffException. */
    private static String asCurrent(Switch sw, Runnable body) {
        try {
            return sw.callAsCurrent(() -> {
                body.run();
                return "done";
            });
        } catch (SwitchOffException e) {
            return "off";
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Runs each body on a thread of its own and waits for them all. */
    private static void runAll(Runnable... bodies) {
        List<Thread> threads = new ArrayList<>();
        for (Runnable b : bodies) {
            Thread t = new Thread(b);
            threads.add(t);
            t.start();
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
