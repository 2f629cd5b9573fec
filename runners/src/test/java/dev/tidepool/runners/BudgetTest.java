package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The core budget: its limit, how waits release a core, and fairness between pools. */
class BudgetTest {
    static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void threePoolsOfFourOnTwoCoresRunAtMostTwoTasksAtOnce() {
        try (CoreBudget budget = CoreBudget.of(2)) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            List<Pool> pools = List.of(Kind.WS.build("a", 4, budget), Kind.FIFO.build("b", 4, budget),
                    Kind.WS.build("c", 4, budget));
            List<Fut<Object>> fs = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                fs.add(pools.get(i % 3).spawn(() -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    spin(100_000);
                    running.decrementAndGet();
                    return null;
                }));
            }
            fs.forEach(f -> Stuck.await(f, "busy task"));
            pools.forEach(Runner::shutdown);
            assertEquals(2, peak.get(), "peak number of tasks running at once on a 2-core budget");
        }
    }

    /** Helper workers started for tasks in JDK waits do not raise the cap either. */
    @Test
    void helpersForBlockedTasksDoNotRaiseTheCap() {
        try (CoreBudget budget = CoreBudget.of(2)) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            Pool pool = Kind.WS.build("blocking-and-busy", 2, budget);
            List<Fut<Object>> fs = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                boolean sleeps = i % 2 == 0;
                fs.add(pool.spawn(() -> {
                    if (sleeps) {
                        Thread.sleep(2); // a JDK wait: the carrier may start a helper meanwhile
                    }
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    spin(100_000);
                    running.decrementAndGet();
                    return null;
                }));
            }
            fs.forEach(f -> Stuck.await(f, "task"));
            pool.shutdown();
            assertTrue(peak.get() <= 2, "peak number of tasks running at once on a 2-core budget: " + peak.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void taskWaitingOnALatchReleasesItsWorker(Kind kind) {
        try (Pool pool = kind.build("one-worker", 1)) {
            CountDownLatch latch = new CountDownLatch(1);
            Fut<Boolean> waiter = pool.spawn(() -> {
                latch.await();
                return true;
            });
            Fut<Object> opener = pool.spawn(() -> {
                latch.countDown();
                return null;
            });
            Stuck.await(opener, "second task on a one-worker pool whose worker is in CountDownLatch.await");
            assertTrue(Stuck.await(waiter, "waiter"));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void contendedReentrantLockReleasesTheCore(Kind kind) throws Exception {
        ReentrantLock lock = new ReentrantLock();
        try (CoreBudget budget = CoreBudget.of(1); Pool pool = kind.build("locking", 1, budget)) {
            lock.lock();
            CountDownLatch tryingLock = new CountDownLatch(1);
            Fut<Integer> blocked = pool.spawn(() -> {
                tryingLock.countDown();
                lock.lock();
                try {
                    return 1;
                } finally {
                    lock.unlock();
                }
            });
            Stuck.await(tryingLock, "first task started");
            Fut<Integer> other = pool.spawn(() -> 2);
            assertEquals(2, Stuck.await(other, "task behind a task blocked on a ReentrantLock"));
            lock.unlock();
            assertEquals(1, Stuck.await(blocked, "blocked task"));
            pool.shutdown();
        }
    }

    @Test
    void sleepingTaskReleasesTheOnlyCore() {
        try (CoreBudget budget = CoreBudget.of(1)) {
            Pool sleepy = Kind.FIFO.build("sleepy", 1, budget);
            Pool other = Kind.WS.build("other", 1, budget);
            CountDownLatch sleeping = new CountDownLatch(1);
            Fut<Object> sleeper = sleepy.spawn(() -> {
                sleeping.countDown();
                Thread.sleep(Duration.ofMinutes(5)); // ended by shutdownNow below
                return null;
            });
            Stuck.await(sleeping, "sleeper started");
            assertEquals(7, Stuck.await(other.spawn(() -> 7), "task on the same single core during a sleep"));
            assertEquals(8, Stuck.await(sleepy.spawn(() -> 8), "task on the sleeper's own pool"));
            sleepy.shutdownNow();
            Throwable e = Stuck.await(sleeper.recover(t -> t).map(x -> (Throwable) x), "interrupted sleeper");
            assertTrue(e instanceof InterruptedException, "sleep ended by interrupt: " + e);
            sleepy.shutdown();
            other.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void socketIoReleasesTheCore(Kind kind) throws IOException {
        try (CoreBudget budget = CoreBudget.of(1); Pool pool = kind.build("io", 1, budget);
                ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Fut<Integer> serving = pool.spawn(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    return in.read();
                }
            });
            Fut<Object> client = pool.spawn(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                        OutputStream out = s.getOutputStream()) {
                    out.write(42);
                }
                return null;
            });
            Stuck.await(client, "client task behind a task in accept()");
            assertEquals(42, Stuck.await(serving, "server task"));
            pool.shutdown();
        }
    }

    @Test
    void sleepingBusyPoolDoesNotDelayAnotherPool() {
        try (CoreBudget budget = CoreBudget.of(2)) {
            Pool busy = Kind.WS.build("busy", 3, budget);
            Pool quick = Kind.FIFO.build("quick", 2, budget);
            CountDownLatch longStarted = new CountDownLatch(3);
            List<Fut<Object>> longOnes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                longOnes.add(busy.spawn(() -> {
                    longStarted.countDown();
                    Thread.sleep(Duration.ofMinutes(5)); // ended by shutdownNow below
                    return null;
                }));
            }
            Stuck.await(longStarted, "long tasks started");
            List<Fut<Integer>> shorts = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int v = i;
                shorts.add(quick.spawn(() -> v));
            }
            for (int i = 0; i < 300; i++) {
                assertEquals(i, Stuck.await(shorts.get(i), "short task " + i));
            }
            assertTrue(longOnes.stream().noneMatch(Fut::isDone), "short tasks finished while the long ones still run");
            busy.shutdownNow();
            busy.shutdown();
            quick.shutdown();
        }
    }

    @Test
    void cpuBusyPoolYieldsCarriersToAnotherPool() {
        int chunks = 4000;
        try (CoreBudget budget = CoreBudget.of(2)) {
            Pool busy = Kind.WS.build("cpu-busy", 3, budget);
            Pool quick = Kind.FIFO.build("cpu-quick", 2, budget);
            AtomicInteger chunksDone = new AtomicInteger();
            CountDownLatch busyRunning = new CountDownLatch(1);
            for (int i = 0; i < chunks; i++) {
                busy.run(() -> {
                    busyRunning.countDown();
                    spin(250_000);
                    chunksDone.incrementAndGet();
                });
            }
            Stuck.await(busyRunning, "busy pool started");
            List<Fut<Integer>> shorts = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int v = i;
                shorts.add(quick.spawn(() -> v));
            }
            for (int i = 0; i < 300; i++) {
                assertEquals(i, Stuck.await(shorts.get(i), "short task " + i));
            }
            int done = chunksDone.get();
            assertTrue(done < chunks / 2,
                    "300 short tasks finished after " + done + " of " + chunks + " busy chunks");
            busy.shutdown();
            quick.shutdown();
            assertEquals(chunks, chunksDone.get());
        }
    }
}
