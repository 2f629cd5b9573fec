package dev.tidepool.bench.jmh;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Submit and run of empty tasks, in batches of {@value #BATCH}: from a thread outside the pool, and
 * from a task running on the pool. Score: tasks per microsecond.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SubmitBench {
    static final int BATCH = 10_000;

    @Param({"tidepool-fifo", "tidepool-ws", "ThreadPoolExecutor", "ForkJoinPool"})
    public String impl;

    private Executors2.Subject subject;
    private Executor exec;

    /** Counts down the tasks of one batch; the last one opens the latch. */
    static final class Batch implements Runnable {
        final AtomicInteger left = new AtomicInteger(BATCH);
        final CountDownLatch done = new CountDownLatch(1);

        @Override
        public void run() {
            if (left.decrementAndGet() == 0) {
                done.countDown();
            }
        }

        void await() throws InterruptedException {
            done.await();
        }
    }

    @Setup
    public void setUp() {
        subject = Executors2.create(impl);
        exec = subject.executor();
    }

    @TearDown
    public void tearDown() throws Exception {
        subject.stop().close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void external() throws InterruptedException {
        Batch b = new Batch();
        for (int i = 0; i < BATCH; i++) {
            exec.execute(b);
        }
        b.await();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void fromWorker() throws InterruptedException {
        Batch b = new Batch();
        exec.execute(() -> {
            for (int i = 0; i < BATCH; i++) {
                exec.execute(b);
            }
        });
        b.await();
    }
}
