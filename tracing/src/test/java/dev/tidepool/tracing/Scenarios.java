package dev.tidepool.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.WsPool;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import dev.tidepool.sync.Immlock;
import dev.tidepool.sync.Lock;
import dev.tidepool.testsupport.Conditions;
import dev.tidepool.testsupport.ThreadDumps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** Small programs whose traces the tests check: pi, fib and a lock-heavy one. */
final class Scenarios {
    private Scenarios() {}

    /** Pi by the midpoint rule over {@code n} steps, fork-joined in chunks of 10,000. */
    static double pi(int n) {
        try (CoreBudget cores = CoreBudget.of(2);
             WsPool pool = WsPool.builder().name("pi").threads(2).budget(cores).build()) {
            double step = 1.0 / n;
            double sum = await(pool.spawn("pi", () -> ForkJoin.reduce(n, 10_000, 0.0, (lo, hi) -> {
                double s = 0;
                for (int i = lo; i < hi; i++) {
                    double x = (i + 0.5) * step;
                    s += 4.0 / (1.0 + x * x);
                }
                return s;
            }, Double::sum)));
            return sum * step;
        }
    }

    /** fib(n), forking at every node above 1. */
    static long fib(int n) {
        try (CoreBudget cores = CoreBudget.of(2);
             WsPool pool = WsPool.builder().name("fib").threads(2).budget(cores).build()) {
            return await(pool.spawn("fib", () -> fibFork(n)));
        }
    }

    private static long fibFork(int n) {
        if (n < 2) {
            return n;
        }
        var both = ForkJoin.both(() -> fibFork(n - 1), () -> fibFork(n - 2));
        return both.left() + both.right();
    }

    /**
     * One contended enter for certain, whatever the timing: a task holds {@code lock} (blocked in
     * a JDK wait inside its critical section) until another task is parked in its enter, then
     * lets go. Neither changes the value; each adds one critical section, the second also a wait.
     */
    static void contend(WsPool pool, Lock<int[]> lock) {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Fut<Integer> holder = pool.spawn("holder", () -> {
            lock.update(c -> {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return c;
            });
            return 0;
        });
        try {
            if (!held.await(60, TimeUnit.SECONDS)) {
                fail("the holder never entered its critical section\n" + dump());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        AtomicReference<Thread> contender = new AtomicReference<>();
        Fut<Integer> waiter = pool.spawn("contender", () -> {
            contender.set(Thread.currentThread());
            lock.update(c -> c);
            return 0;
        });
        Conditions.awaitUntil("the contender parked in its enter",
                () -> contender.get() != null && contender.get().getState() == Thread.State.WAITING);
        release.countDown();
        await(holder);
        await(waiter);
    }

    /**
     * Tasks on two pools contend for a {@link Lock} and update an {@link Immlock}; half of them
     * await a future settled by a task of the other pool (so they suspend); a switch is turned off
     * inside a task and from outside. Returns the lock's final count.
     */
    static int lockHeavy(int tasks, int updates) {
        try (CoreBudget cores = CoreBudget.of(2);
             WsPool compute = WsPool.builder().name("compute").threads(3).budget(cores).build();
             FifoPool requests = FifoPool.builder().name("requests").threads(2).budget(cores).build()) {
            Lock<int[]> counter = Lock.create("counter", new int[1]);
            Immlock<List<Integer>> log = Immlock.create("log", List.of());
            contend(compute, counter);
            List<Fut<Integer>> all = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                int id = t;
                Promise<Integer> handOver = Fut.promise();
                all.add(compute.spawn("worker-" + id, () -> {
                    for (int i = 0; i < updates; i++) {
                        counter.update(c -> {
                            c[0]++;
                            return c;
                        });
                    }
                    if (id % 2 == 0) {
                        requests.run(() -> handOver.tryComplete(id));
                        return handOver.fut().await();
                    }
                    log.update(l -> {
                        List<Integer> n = new ArrayList<>(l);
                        n.add(id);
                        return List.copyOf(n);
                    });
                    return id;
                }));
            }
            Switch sw = Switch.create();
            Promise<Void> childOff = Fut.promise();
            Fut<Integer> cancelled = compute.spawn(sw, () -> {
                Switch.create(sw).turnOff(); // a child switch turned off inside a task
                childOff.tryComplete(null);
                Fut.promise().fut().await();
                return -1;
            });
            for (Fut<Integer> f : all) {
                await(f);
            }
            // Once the task has turned its child switch off: turned off before it started, the task
            // would never run, and the trace would hold one turn-off instead of two.
            await(childOff.fut());
            sw.turnOff();
            try {
                cancelled.await(Duration.ofSeconds(60));
                fail("the task under a turned-off switch completed");
            } catch (SwitchOffException expected) {
                // the switch failed its future
            } catch (TimeoutException e) {
                fail("the task under a turned-off switch is still pending\n" + dump());
            }
            assertEquals(tasks / 2, log.get().size());
            return counter.get()[0];
        }
    }

    /**
     * Task "parent" on pool compute spawns "child" on pool io and awaits a future that the child
     * settles only once the parent's thread is parked in that await: exactly one suspension.
     * Checks both results and returns the parent's thread.
     */
    static Thread suspendOnce() {
        try (CoreBudget cores = CoreBudget.of(2);
             WsPool compute = WsPool.builder().name("compute").threads(2).budget(cores).build();
             FifoPool io = FifoPool.builder().name("io").threads(1).budget(cores).build()) {
            Promise<String> gate = Fut.promise();
            AtomicReference<Thread> parent = new AtomicReference<>();
            AtomicReference<Fut<String>> child = new AtomicReference<>();
            Fut<String> result = compute.spawn("parent", () -> {
                parent.set(Thread.currentThread());
                child.set(io.spawn("child", () -> {
                    Thread p = parent.get();
                    while (p.getState() != Thread.State.WAITING) { // the parent parks in await
                        Thread.onSpinWait();
                    }
                    gate.tryComplete("opened");
                    return "child";
                }));
                return gate.fut().await(); // the only await of the parent
            });
            assertEquals("opened", await(result));
            assertEquals("child", await(child.get()));
            return parent.get();
        }
    }

    static <T> T await(Fut<T> f) {
        try {
            return f.await(Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            return fail("still pending after 60 s\n" + dump());
        }
    }

    static String dump() {
        return ThreadDumps.all();
    }
}
