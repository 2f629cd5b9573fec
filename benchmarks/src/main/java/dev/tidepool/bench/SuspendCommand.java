package dev.tidepool.bench;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.WsPool;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code suspend}: N tasks all waiting on one future at once; live OS threads and heap per waiting
 * task, for Tidepool and for the JDK's closest equivalent (a virtual thread per task, blocked in
 * {@code CompletableFuture.join}).
 */
@Command(name = "suspend", mixinStandardHelpOptions = true,
        description = "Measure live OS threads and heap per task while N tasks wait on one future.")
final class SuspendCommand implements Callable<Integer> {
    @Option(names = "-n", description = "waiting tasks (default: ${DEFAULT-VALUE})", defaultValue = "100000")
    int n;

    @Option(names = "--cores", description = "core budget for Tidepool (default: ${DEFAULT-VALUE})", defaultValue = "2")
    int cores;

    record Sample(String what, int threadsBefore, int threadsWaiting, double bytesPerTask, double seconds) {}

    @Override
    public Integer call() throws Exception {
        if (n < 1 || cores < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "-n and --cores must be at least 1: " + n + ", " + cores);
        }
        List<Sample> rows = new ArrayList<>();
        for (int round = 0; round < 2; round++) { // the first round warms up class loading and JIT
            rows.clear();
            rows.add(tidepool());
            rows.add(virtualThreads());
        }
        System.out.printf("%d tasks waiting at once (core budget %d)%n", n, cores);
        System.out.printf("%-44s %14s %16s %10s%n", "", "OS threads +", "heap B/task", "time s");
        for (Sample s : rows) {
            System.out.printf("%-44s %14d %16.0f %10.3f%n", s.what(), s.threadsWaiting() - s.threadsBefore(),
                    s.bytesPerTask(), s.seconds());
        }
        Sample t = rows.get(0);
        Sample v = rows.get(1);
        System.out.printf("ratio heap/task Tidepool : virtual threads = %.2f%n", t.bytesPerTask() / v.bytesPerTask());
        System.out.printf("bars: OS threads added <= cores + 8 (%s), heap/task <= 2048 B (%s)%n",
                t.threadsWaiting() - t.threadsBefore() <= cores + 8 ? "met" : "MISSED",
                t.bytesPerTask() <= 2048 ? "met" : "MISSED");
        return 0;
    }

    private Sample tidepool() {
        settle();
        int before = threads(); // before the budget: its carriers count as added threads
        try (CoreBudget budget = CoreBudget.of(cores)) {
            WsPool pool = WsPool.builder().name("suspend").threads(cores).budget(budget).build();
            settle();
            long heapBefore = heap();
            long t0 = System.nanoTime();
            Promise<Integer> gate = Fut.promise();
            CountDownLatch waiting = new CountDownLatch(n);
            List<Fut<Integer>> fs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                fs.add(pool.spawn(() -> {
                    waiting.countDown();
                    return gate.fut().await();
                }));
            }
            awaitLatch(waiting);
            settle();
            int during = threads();
            double perTask = (heap() - heapBefore) / (double) n;
            gate.complete(1);
            for (Fut<Integer> f : fs) {
                f.await();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            return new Sample("Tidepool WsPool, Fut.await", before, during, perTask, secs);
        }
    }

    private Sample virtualThreads() {
        settle();
        int before = threads();
        long heapBefore = heap();
        long t0 = System.nanoTime();
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        CountDownLatch waiting = new CountDownLatch(n);
        List<Future<Integer>> fs = new ArrayList<>(n);
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                fs.add(exec.submit(() -> {
                    waiting.countDown();
                    return gate.join();
                }));
            }
            awaitLatch(waiting);
            settle();
            int during = threads();
            double perTask = (heap() - heapBefore) / (double) n;
            gate.complete(1);
            for (var f : fs) {
                f.get();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            return new Sample("JDK virtual thread per task, CF.join", before, during, perTask, secs);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitLatch(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long heap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Full GCs until the used heap stops shrinking, so the reading is live data only. */
    private static void settle() {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = heap();
            if (now >= last - 1024) {
                return;
            }
            last = now;
        }
    }
}
