package dev.tidepool.runners.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tidepool.channels.Chan;
import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Both;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.futures.TaskLocal;
import dev.tidepool.futures.spi.PendingTask;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import dev.tidepool.runners.spi.WorkerQueue;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit for runners written on Tidepool's runner SPI ({@code dev.tidepool.runners.spi}):
 * extend this class in your tests, return a new runner of yours from {@link #newRunner}, and run it
 * with JUnit 5. Each test checks one promise Tidepool's own runners keep, on your runner, and a
 * failure names the part of the SPI that was missed:
 * <ul>
 * <li>{@code Runner.current()} and {@code WorkerQueue.current()} inside a task: a hook installed
 *     with {@code Suspension.install} on each thread that runs tasks;</li>
 * <li>tasks that {@code await} let the runner's other tasks run ({@code beforeSuspend});</li>
 * <li>channels, {@code select}, {@code ForkJoin.both}/{@code reduce}, parts that await;</li>
 * <li>task-local values carried by spawned tasks, fork-join parts and plain {@code run} tasks,
 *     never left on a thread for the next task ({@code TaskContext.clear()} after each task,
 *     checked in a fresh JVM, see {@link #aValueSetByATaskIsNotLeftOnItsThread});</li>
 * <li>switches: a waiting task under a switch that turns off stops, and the runner goes on;</li>
 * <li>tracing: a spawned task's span is a child of the span that spawned it, named after the
 *     runner ({@code Hook.runnerName()});</li>
 * <li>shutdown: accepted tasks run; {@code shutdownNow()} returns the queued tasks, a
 *     {@code Fut.spawn} task among them as the {@link PendingTask} it is (not wrapped), and its
 *     future fails with {@link CancellationException} ({@code abandon}).</li>
 * </ul>
 * The subclass must have a no-argument constructor (the fresh-JVM check makes one in a child JVM,
 * started with this JVM's {@code java} and class path). Each test has its own runner, shut down
 * afterwards; every wait is bounded, and a stuck test fails with every thread's stack.
 */
public abstract class RunnerConformance {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** The runner of the test running now, from {@link #newRunner}. */
    protected Runner runner;

    /** For subclasses. */
    protected RunnerConformance() {}

    /**
     * A new, running runner of the kind under test.
     *
     * @param name the name to give it (in thread names and traces)
     * @return the runner
     */
    protected abstract Runner newRunner(String name);

    /** Makes the test's runner. */
    @BeforeEach
    public void startRunner() {
        runner = newRunner("conformance");
    }

    /**
     * Stops the test's runner.
     *
     * @throws InterruptedException if interrupted while waiting for it
     */
    @AfterEach
    public void stopRunner() throws InterruptedException {
        runner.shutdownNow();
        assertTrue(runner.awaitTermination(LIMIT), "the runner did not terminate " + LIMIT.toSeconds()
                + " s after shutdownNow(): " + runner);
    }

    /** The value of {@code f}, failing with every thread's stack if it is still pending after a minute. */
    static <T> T await(Fut<T> f, String what) {
        try {
            return f.await(LIMIT);
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": still pending after " + LIMIT.toSeconds() + " s\n" + Stacks.all(), e);
        }
    }

    // ------------------------------------------------------------------ finding the runner

    /** A task finds its runner: the SPI hook is installed on the thread that runs it. */
    @Test
    public void aTaskFindsItsRunner() {
        assertEquals(42, await(runner.spawn(() -> 42), "a spawned task"));
        Runner found = await(runner.spawn(() -> Runner.current().orElse(null)), "Runner.current()");
        assertSame(runner, found, "Runner.current() inside a task of " + runner + " is " + found
                + ": install a Suspension.Hook that is also a WorkerQueue, with Suspension.install, on each thread"
                + " that runs the runner's tasks, and make WorkerQueue.runner() return the runner");
        WorkerQueue q = await(runner.spawn(WorkerQueue::current), "WorkerQueue.current()");
        assertTrue(q != null && q.runner() == runner, "WorkerQueue.current() inside a task is " + q);
    }

    // ------------------------------------------------------------------ suspension

    /**
     * Tasks that await futures that a task queued behind them completes: each await must let the
     * runner's other tasks run, or the last task never starts.
     */
    @Test
    public void anAwaitingTaskLetsTheRunnersOtherTasksRun() {
        int n = runner.size() + 8;
        List<Promise<Integer>> gates = new ArrayList<>();
        List<Fut<Integer>> waiters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Promise<Integer> gate = Fut.promise();
            gates.add(gate);
            waiters.add(runner.spawn(() -> gate.fut().await() + 1));
        }
        Fut<Void> opener = runner.spawn(() -> {
            for (int i = 0; i < gates.size(); i++) {
                gates.get(i).complete(i);
            }
            return null;
        });
        awaitOrExplain(opener, "a task queued behind " + n + " awaiting tasks never ran: an await held its thread;"
                + " Suspension.Hook.beforeSuspend() must let the runner run its other tasks meanwhile");
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, await(waiters.get(i), "awaiting task " + i));
        }
    }

    private static void awaitOrExplain(Fut<?> f, String explanation) {
        try {
            f.await(LIMIT);
        } catch (TimeoutException e) {
            throw new AssertionError(explanation + "\n" + Stacks.all(), e);
        }
    }

    // ------------------------------------------------------------------ channels

    /** A producer and a consumer task on a rendezvous channel, and a select, all on the runner. */
    @Test
    public void channelsAndSelectBetweenTasks() {
        Chan<Integer> c = Chan.bounded(0); // each send waits for the receiver: both must suspend
        Fut<Integer> consumer = runner.spawn(() -> {
            int sum = 0;
            for (int v : c) {
                sum += v;
            }
            return sum;
        });
        runner.spawn(() -> {
            for (int i = 1; i <= 1_000; i++) {
                c.send(i);
            }
            c.close();
            return null;
        });
        assertEquals(500_500, await(consumer, "a consumer of a rendezvous channel"));
        Chan<String> a = Chan.bounded(0);
        Chan<String> b = Chan.bounded(0);
        Fut<String> selecting = runner.spawn(() -> Chan.<String>select().onReceive(a, v -> "a " + v)
                .onReceive(b, v -> "b " + v).await());
        runner.spawn(() -> {
            b.send("hi");
            return null;
        });
        assertEquals("b hi", await(selecting, "a waiting select"));
    }

    // ------------------------------------------------------------------ fork-join

    static int fib(int n) {
        if (n < 2) {
            return n;
        }
        Both<Integer, Integer> b = ForkJoin.both(() -> fib(n - 1), () -> fib(n - 2));
        return b.left() + b.right();
    }

    /** ForkJoin.both at every node, a reduce, and parts that await work of another runner. */
    @Test
    public void forkJoinRunsOnTheRunner() {
        assertEquals(6765, await(runner.spawn(() -> fib(20)), "fib(20) with ForkJoin.both"));
        assertEquals(499_500L, await(runner.spawn(() -> ForkJoin.reduce(1_000, 7, 0L, (lo, hi) -> {
            long s = 0;
            for (int i = lo; i < hi; i++) {
                s += i;
            }
            return s;
        }, Long::sum)), "ForkJoin.reduce"));
        try (WsPool other = WsPool.builder().name("conformance-helpers").threads(2).build()) {
            int r = await(runner.spawn(() -> {
                Both<Integer, Integer> b = ForkJoin.both(() -> other.spawn(() -> 1).await(), () -> other.spawn(() -> 2).await());
                return b.left() + b.right();
            }), "fork-join parts that await");
            assertEquals(3, r);
        }
    }

    // ------------------------------------------------------------------ task-local values

    /**
     * Values travel to spawned tasks, plain run() tasks and fork-join parts, and go back with them.
     *
     * @throws Exception if the test's own waits are interrupted
     */
    @Test
    public void taskLocalValuesTravelWithTheWork() throws Exception {
        TaskLocal<String> user = TaskLocal.create("conformance.user", "nobody");
        CountDownLatch ran = new CountDownLatch(1);
        String[] plain = new String[1];
        String seen = user.with("ann", () -> await(runner.spawn(() -> {
            Fut<String> child = runner.spawn(user::get); // a snapshot: "ann"
            user.set("changed");
            runner.run(() -> {
                plain[0] = user.get();
                ran.countDown();
            });
            Both<String, String> b = ForkJoin.both(user::get, user::get);
            return child.await() + " " + b.left() + " " + b.right() + " " + user.get();
        }), "a task with task-local values"));
        assertEquals("ann changed changed changed", seen);
        assertTrue(ran.await(LIMIT.toSeconds(), TimeUnit.SECONDS), "a plain run() task never ran");
        assertEquals("changed", plain[0], "a plain Runnable given to run() did not start with its submitter's values:"
                + " capture TaskContext.captureIfAny() when accepting it and run it in TaskContext.callIn");
        assertEquals("nobody", await(runner.spawn(user::get), "a later task"), "a later task saw another task's values");
    }

    /**
     * In a JVM where no task-local value was set yet, a plain task sets the first one: the tasks the
     * same thread runs next must not see it ({@code TaskContext.clear()} after each task). Runs in a
     * fresh child JVM ({@link FreshJvmProbe}); a runner that never reuses a thread passes trivially.
     *
     * @throws Exception if the child JVM cannot be started or read
     */
    @Test
    public void aValueSetByATaskIsNotLeftOnItsThread() throws Exception {
        FreshJvmProbe.Result r = FreshJvmProbe.run(getClass());
        assertTrue(r.leaked().isEmpty(), () -> r.leaked().size() + " of the " + r.onSetterThread() + " tasks that ran"
                + " after it on its thread saw the value a task had set (" + r.leaked().getFirst() + "): call"
                + " TaskContext.clear() after each task");
    }

    // ------------------------------------------------------------------ switches

    /** A task waiting under a switch stops when it turns off; the runner goes on; Switch.current() is it. */
    @Test
    public void aSwitchStopsAWaitingTask() {
        Switch sw = Switch.create();
        Promise<Integer> never = Fut.promise();
        Fut<Boolean> current = runner.spawn(sw, () -> Switch.current().orElse(null) == sw);
        assertTrue(await(current, "a task under a switch"), "Switch.current() inside a task spawned under a switch");
        Fut<Integer> waiting = runner.spawn(sw, () -> never.fut().await());
        assertEquals(7, await(runner.spawn(() -> 7), "a task while another waits"), "the runner goes on while a task waits");
        sw.turnOff();
        Throwable t = assertThrows(Throwable.class, () -> await(waiting, "a task whose switch turned off"));
        assertInstanceOf(SwitchOffException.class, t);
    }

    // ------------------------------------------------------------------ tracing

    /** A spawned task's span is a child of the span it was spawned in, and names the runner. */
    @Test
    public void aTracedTaskIsAChildOfItsSpawnersSpanAndNamesTheRunner() {
        try (CollectedSpans spans = new CollectedSpans()) {
            String trace = spans.inSpan("spawner", () -> await(runner.spawn("traced-task", () -> "done"), "a traced task"));
            CollectedSpans.Seen task = spans.await("traced-task");
            assertEquals(trace, task.parentSpanId(), "the task's span is not a child of the span that spawned it");
            assertEquals(runner.name(), task.pool(), "the task's span does not name its runner:"
                    + " Suspension.Hook.runnerName() should return the runner's name");
        }
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Shutdown runs what was accepted, then refuses; the runner terminates. ({@code shutdown()} may
     * return at once or once the accepted tasks have run, as Tidepool's pools do: it is called on a
     * thread of its own.)
     *
     * @throws InterruptedException if interrupted while waiting for termination
     */
    @Test
    public void shutdownRunsWhatWasAcceptedThenRefuses() throws InterruptedException {
        Promise<Integer> gate = Fut.promise();
        Fut<Integer> first = runner.spawn(() -> gate.fut().await() + 1);
        Thread stopping = Thread.ofPlatform().name("conformance-shutdown").start(runner::shutdown);
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!runner.isShutdown()) {
            if (System.nanoTime() - deadline > 0) {
                fail("isShutdown() is still false " + LIMIT.toSeconds() + " s after shutdown() was called");
            }
            Thread.onSpinWait();
        }
        assertThrows(RejectedExecutionException.class, () -> runner.spawn(() -> 0), "a task submitted after shutdown()");
        gate.complete(1);
        assertEquals(2, await(first, "a task accepted before shutdown()"));
        assertTrue(stopping.join(LIMIT), "shutdown() did not return once the accepted tasks had run");
        assertTrue(runner.awaitTermination(LIMIT), "the runner did not terminate after shutdown(): " + runner);
    }

    /**
     * shutdownNow on a runner whose every thread is busy: the queued Fut.spawn task is returned as the
     * PendingTask it is, and its future fails with CancellationException.
     */
    @Test
    public void shutdownNowAbandonsTheQueuedSpawnedTasks() {
        AtomicBoolean stop = new AtomicBoolean();
        for (int i = 0; i < runner.size(); i++) {
            runner.run(() -> {
                while (!stop.get()) {
                    Thread.onSpinWait(); // busy without waiting: no other task runs on this thread
                }
            });
        }
        Fut<Integer> queued = runner.spawn(() -> 1);
        List<Runnable> dropped;
        try {
            dropped = runner.shutdownNow();
        } finally {
            stop.set(true);
        }
        if (queued.isSuccess()) {
            return; // it ran before the runner was stopped: nothing to check here
        }
        boolean pending = dropped.stream().anyMatch(r -> r instanceof PendingTask);
        assertTrue(pending || dropped.isEmpty(), "shutdownNow() returned " + dropped + " but not the PendingTask that"
                + " Fut.spawn queued: a runner must queue a PendingTask as it is, not wrapped, so that it can"
                + " abandon it (and so that an awaiting task can run it inline)");
        try {
            queued.await(LIMIT);
            fail("a task dropped by shutdownNow() ran");
        } catch (TimeoutException e) {
            throw new AssertionError("the future of a task shutdownNow() dropped stayed pending: call abandon() on"
                    + " every PendingTask it drops", e);
        } catch (RuntimeException e) {
            assertInstanceOf(CancellationException.class, e, "the future of a dropped task");
        }
    }
}
