package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.channels.Chan;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A task woken by another task of its pool goes to the waker's carrier, to run when the waker
 * stops (the carrier's next slot, see Scheduler). These are the promises that slot must keep.
 */
class NextSlotTest {
    /**
     * The waker keeps its core (it never parks): the woken task must not wait for it, another
     * carrier takes it from the slot.
     */
    @Test
    void aTaskWokenByOneThatKeepsRunningIsRunOnAnotherCarrier() throws InterruptedException {
        CoreBudget budget = CoreBudget.of(2);
        Pool pool = Kind.WS.build("next-steal", 2, budget);
        try {
            Promise<Integer> wake = Fut.promise();
            AtomicReference<Thread> sleeper = new AtomicReference<>();
            CountDownLatch woke = new CountDownLatch(1);
            Fut<Integer> b = pool.spawn(() -> {
                sleeper.set(Thread.currentThread());
                int v = wake.fut().await();
                woke.countDown();
                return v;
            });
            Fut<Boolean> a = pool.spawn(() -> {
                while (sleeper.get() == null || sleeper.get().getState() != Thread.State.WAITING) {
                    Thread.onSpinWait(); // until b is parked in its await
                }
                wake.complete(42);
                long deadline = System.nanoTime() + Stuck.LIMIT.toNanos();
                while (woke.getCount() != 0) { // keeps its core all along: no park, no preemption point
                    if (System.nanoTime() > deadline) {
                        return false;
                    }
                    Thread.onSpinWait();
                }
                return true;
            });
            assertTrue(Stuck.await(a, "the waker"), "the woken task ran while its waker kept its core");
            assertEquals(42, Stuck.await(b, "the woken task"));
        } finally {
            end(pool, budget);
        }
    }

    /**
     * On one core, two tasks that wake each other for ever would keep the only carrier on the
     * pair if a woken task always ran next: a third task, queued, must still get the core.
     */
    @Test
    void twoTasksThatWakeEachOtherDoNotKeepTheOnlyCoreFromAThird() throws InterruptedException {
        CoreBudget budget = CoreBudget.of(1);
        Pool pool = Kind.WS.build("next-fair", 2, budget);
        AtomicBoolean stop = new AtomicBoolean();
        try {
            Chan<Integer> ping = Chan.bounded(0);
            Chan<Integer> pong = Chan.bounded(0);
            Promise<Void> exchanging = Fut.promise();
            Fut<Integer> a = pool.spawn(() -> {
                int rounds = 0;
                while (!stop.get()) {
                    ping.send(rounds);
                    pong.receive();
                    if (++rounds == 1_000) {
                        exchanging.complete(null);
                    }
                }
                ping.close();
                return rounds;
            });
            Fut<Void> b = pool.spawn(() -> {
                for (Integer v : ping) {
                    pong.send(v);
                }
                return null;
            });
            Stuck.await(exchanging.fut(), "the pair exchanging");
            Stuck.await(pool.spawn(() -> null), "a task queued while the pair exchanges");
            stop.set(true);
            assertTrue(Stuck.await(a, "the first of the pair") > 0, "the pair ran");
            Stuck.await(b, "the second of the pair");
        } finally {
            stop.set(true); // a failed assertion must not leave the pair running
            end(pool, budget);
        }
    }

    /** Ends the pool without waiting on a task that a failure left stuck, then the budget. */
    private static void end(Pool pool, CoreBudget budget) throws InterruptedException {
        pool.shutdownNow();
        assertTrue(Stuck.awaitTermination(pool), pool + " terminated");
        budget.close();
    }
}
