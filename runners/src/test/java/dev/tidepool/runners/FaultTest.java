package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.futures.spi.PendingTask;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults: failing tasks, interrupts, shutdownNow racing submitters, and awaiting futures of a
 * runner that was shut down. Every runner kind; more rounds with {@code -Dtidepool.runs=long}.
 */
@Tag("fault")
class FaultTest {
    private static final int RACE_ROUNDS = (int) Runs.pick(40, 2_000);

    private static int recurseForever(int n) {
        return recurseForever(n + 1) + 1;
    }

    @ParameterizedTest
    @EnumSource(RunnerKind.class)
    void failingTasksFailTheirFutureWithTheSameThrowableAndTheRunnerGoesOn(RunnerKind kind) {
        try (Runner r = kind.build("failing-" + kind)) {
            IllegalStateException runtime = new IllegalStateException("runtime");
            OutOfMemoryError error = new OutOfMemoryError("error");
            assertSame(runtime, assertThrows(IllegalStateException.class, r.spawn(() -> {
                throw runtime;
            })::await));
            assertSame(error, assertThrows(OutOfMemoryError.class, r.spawn(() -> {
                throw error;
            })::await));
            assertThrows(StackOverflowError.class, r.spawn(() -> recurseForever(0))::await);
            AtomicInteger after = new AtomicInteger();
            List<Fut<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                fs.add(r.spawn(after::incrementAndGet));
            }
            fs.forEach(f -> Stuck.await(f, "tasks after the failures"));
            assertEquals(100, after.get());
        }
    }

    @ParameterizedTest
    @EnumSource(RunnerKind.class)
    void anInterruptStaysWithTheTaskThatGotIt(RunnerKind kind) {
        try (Runner r = kind.single("interrupts-" + kind)) { // one worker: the next task runs on the same thread
            for (int i = 0; i < 50; i++) {
                r.run(() -> Thread.currentThread().interrupt());
                assertFalse(Stuck.await(r.spawn(Thread::interrupted), "the next task"),
                        "a task saw the interrupt of an earlier one");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = RunnerKind.class, names = {"WS", "FIFO"})
    void anInterruptDuringASuspendedAwaitIsKeptAndTheAwaitGoesOn(RunnerKind kind) {
        try (Runner r = kind.build("interrupted-await-" + kind)) {
            Promise<String> p = Fut.promise();
            AtomicReference<Thread> worker = new AtomicReference<>();
            CountDownLatch suspended = new CountDownLatch(1);
            Fut<String> task = r.spawn(() -> {
                worker.set(Thread.currentThread());
                suspended.countDown();
                String v = p.fut().await();
                return v + (Thread.currentThread().isInterrupted() ? " interrupted" : " not interrupted");
            });
            Stuck.await(suspended, "task about to await");
            worker.get().interrupt();
            p.complete("value");
            assertEquals("value interrupted", Stuck.await(task, "interrupted task"));
            assertFalse(Stuck.await(r.spawn(Thread::interrupted), "next task"), "the interrupt leaked");
        }
    }

    @ParameterizedTest
    @EnumSource(RunnerKind.class)
    void shutdownNowInterruptsATaskBlockedInTheJdk(RunnerKind kind) throws InterruptedException {
        Runner r = kind.build("blocked-" + kind);
        CountDownLatch sleeping = new CountDownLatch(1);
        Fut<Object> sleeper = r.spawn(() -> {
            sleeping.countDown();
            Thread.sleep(Stuck.LIMIT.multipliedBy(10));
            return "slept";
        });
        Stuck.await(sleeping, "task asleep");
        r.shutdownNow();
        CompletionException e = assertThrows(CompletionException.class, () -> Stuck.await(sleeper, "interrupted sleeper"));
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertTrue(Stuck.awaitTermination(r), kind + " terminated");
    }

    /**
     * Two threads submit as fast as they can, tasks submit children, and shutdownNow comes in the
     * middle. Each accepted task must either run exactly once or have its future cancelled with
     * a message naming the runner, every future must be settled once the runner has terminated,
     * and submissions after that are rejected.
     */
    @ParameterizedTest
    @EnumSource(RunnerKind.class)
    void shutdownNowRacingSubmittersLosesNoTask(RunnerKind kind) throws InterruptedException {
        for (int round = 0; round < RACE_ROUNDS; round++) {
            String name = "race-" + kind + "-" + round;
            Runner r = kind.build(name);
            // Each task is kept as queued, so that a lost one can be told apart: claimed but not
            // run, handed back by shutdownNow but not cancelled, or neither.
            record Accepted(Fut<Integer> fut, AtomicInteger runs, boolean child, Runnable[] queued) {}
            ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
            AtomicInteger rejected = new AtomicInteger();
            CountDownLatch someAccepted = new CountDownLatch(200);
            Runnable submitter = () -> {
                for (;;) {
                    AtomicInteger runs = new AtomicInteger();
                    AtomicInteger childRuns = new AtomicInteger();
                    Runnable[] queued = new Runnable[1];
                    try {
                        Fut<Integer> f = Fut.spawn(keeping(r, queued), () -> {
                            runs.incrementAndGet();
                            Runnable[] childQueued = new Runnable[1];
                            Fut<Integer> child = Fut.spawn(keeping(r, childQueued), childRuns::incrementAndGet); // may be rejected
                            accepted.add(new Accepted(child, childRuns, true, childQueued));
                            Runner.yieldNow(); // a slice's end when tasks wait (every time, with jitter): set aside
                            return 1;
                        });
                        accepted.add(new Accepted(f, runs, false, queued));
                        someAccepted.countDown();
                    } catch (RejectedExecutionException e) {
                        assertTrue(e.getMessage().contains(name), e.getMessage());
                        rejected.incrementAndGet();
                        return;
                    }
                }
            };
            Thread a = Thread.ofPlatform().start(submitter);
            Thread b = Thread.ofPlatform().start(submitter);
            Stuck.await(someAccepted, name + ": submissions accepted");
            List<Runnable> dropped = r.shutdownNow();
            LifecycleTest.assertDoesNotHang(a);
            LifecycleTest.assertDoesNotHang(b);
            if (!Stuck.awaitTermination(r)) {
                Stuck.failWithDump(name + " did not terminate: " + r);
            }
            assertEquals(2, rejected.get(), "each submitter stopped at a rejection");

            int cancelled = 0;
            for (Accepted t : accepted) {
                if (!t.fut().isDone()) {
                    Runnable task = t.queued()[0];
                    long takenTwice = accepted.stream()
                            .filter(o -> !o.child() && o.queued()[0] instanceof Counted c && c.taken.get() > 1).count();
                    fail(name + ": a future was left pending after termination (a "
                            + (t.child() ? "child spawned by a task" : "task from a submitter") + ", run " + t.runs().get()
                            + " times, claimed " + (task instanceof PendingTask p && p.isStarted())
                            + ", taken from a queue " + (task instanceof Counted c ? c.taken.get() : -1) + " times, among the "
                            + dropped.size() + " dropped by shutdownNow " + dropped.stream().anyMatch(d -> d == task)
                            + "; " + takenTwice + " tasks from submitters were taken twice): " + r);
                }
                if (!t.child() && t.queued()[0] instanceof Counted c) {
                    // Only the shared queue holds a submitter's task, and nothing runs it inline.
                    assertTrue(c.taken.get() <= 1, name + ": a task from a submitter was taken from the queue "
                            + c.taken.get() + " times");
                }
                int runs = t.runs().get();
                if (t.fut().isCancelled()) {
                    cancelled++;
                    CancellationException e = assertThrows(CancellationException.class, t.fut()::await);
                    assertTrue(e.getMessage().contains(name), e.getMessage());
                    assertTrue(runs <= 1, name + ": a cancelled task ran " + runs + " times");
                } else {
                    assertEquals(1, runs, name + ": an accepted task that was not cancelled ran " + runs + " times");
                }
            }
            assertTrue(dropped.size() <= cancelled, name + ": " + dropped.size() + " dropped, " + cancelled + " cancelled");
            assertThrows(RejectedExecutionException.class, () -> r.spawn(() -> 0));
        }
    }

    /**
     * Awaiting a future of a runner that was shut down: gracefully, the task still runs and the
     * await returns its value; with shutdownNow before it started, the await fails at once with a
     * cancellation naming the runner, from a plain thread and from a task of another runner.
     */
    @ParameterizedTest
    @EnumSource(RunnerKind.class)
    void awaitingAFutureOfAShutDownRunnerReturnsOrFailsButNeverHangs(RunnerKind kind) {
        Runner producer = kind.build("producer-" + kind);
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch busy = new CountDownLatch(1);
        for (int i = 0; i < (kind == RunnerKind.BACKGROUND ? 1 : 4); i++) {
            producer.run(() -> { // spin (no JDK wait, so no helper worker) to keep every worker busy
                busy.countDown();
                while (!release.get()) {
                    Thread.onSpinWait();
                }
            });
        }
        Stuck.await(busy, "producer busy");
        Fut<Integer> queued = producer.spawn(() -> 42);
        try (Runner consumer = RunnerKind.FIFO.build("consumer-" + kind)) {
            Fut<String> fromTask = consumer.spawn(() -> {
                try {
                    return "value " + queued.await();
                } catch (CancellationException e) {
                    return e.getMessage();
                }
            });
            assertFalse(producer.shutdownNow().isEmpty());
            release.set(true);
            CancellationException e = assertThrows(CancellationException.class, () -> Stuck.await(queued, "dropped"));
            assertTrue(e.getMessage().contains("producer-" + kind), e.getMessage());
            assertEquals(e.getMessage(), Stuck.await(fromTask, "a task awaiting the dropped future"));
        }

        Runner graceful = kind.build("graceful-" + kind);
        CountDownLatch gate = new CountDownLatch(1);
        graceful.run(() -> Uninterruptibly.await(gate));
        Fut<Integer> later = graceful.spawn(() -> 7);
        Thread closer = Thread.ofPlatform().start(graceful::shutdown);
        assertThrows(RejectedExecutionException.class, () -> {
            while (true) {
                graceful.spawn(() -> 0); // accepted until the closer's shutdown lands
                Thread.onSpinWait();
            }
        });
        gate.countDown();
        assertEquals(7, Stuck.await(later, "a task accepted before a graceful shutdown"));
        LifecycleTest.assertDoesNotHang(closer);
    }

    /**
     * An executor that queues each task on {@code r} inside a {@link Counted} (kept in
     * {@code queued[0]}), so that a lost task's report says how often a worker took it from a queue.
     */
    private static Executor keeping(Runner r, Runnable[] queued) {
        return task -> {
            Runnable counted = new Counted((PendingTask) task);
            queued[0] = counted;
            r.execute(counted);
        };
    }

    /**
     * A task as the pool sees it, counting the times the pool runs its entry: a task that a queue
     * hands out twice (the second time does nothing, the task being claimed) shows up as a count
     * of 2, which tells a queue that duplicates and drops entries apart from a protocol that drops
     * them.
     */
    private static final class Counted implements PendingTask {
        private final PendingTask task;
        final AtomicInteger taken = new AtomicInteger();

        Counted(PendingTask task) {
            this.task = task;
        }

        @Override
        public void run() {
            taken.incrementAndGet();
            task.run();
        }

        @Override
        public void abandon(CancellationException reason) {
            task.abandon(reason);
        }

        @Override
        public boolean runInlineFor(Fut<?> fut) {
            return task.runInlineFor(fut);
        }

        @Override
        public boolean isStarted() {
            return task.isStarted();
        }
    }
}
