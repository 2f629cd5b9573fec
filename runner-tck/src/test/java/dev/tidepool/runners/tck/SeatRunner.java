package dev.tidepool.runners.tck;

import dev.tidepool.futures.TaskContext;
import dev.tidepool.futures.spi.PendingTask;
import dev.tidepool.futures.spi.Suspension;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.spi.WorkerQueue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small runner on the runner SPI alone, for the kit's own tests: {@code seats} tasks run at once
 * (a semaphore), on platform threads that take tasks from one queue; a task that suspends gives its
 * seat back and, if no thread waits for work, starts one. Two of its settings make the mistakes
 * the kit must catch: {@code clearAfterTask} false forgets {@code TaskContext.clear()}, and
 * {@code wrapPending} true wraps the {@code PendingTask}s that {@code Fut.spawn} queues.
 */
final class SeatRunner implements Runner {
    private static final Runnable STOP = () -> { };

    private final String name;
    private final int seats;
    private final boolean clearAfterTask;
    private final boolean wrapPending;
    private final Semaphore seat;
    private final LinkedBlockingDeque<Runnable> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicInteger idle = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean shutdown;
    private volatile boolean stopped;

    SeatRunner(String name, int seats, boolean clearAfterTask, boolean wrapPending) {
        this.name = name;
        this.seats = seats;
        this.clearAfterTask = clearAfterTask;
        this.wrapPending = wrapPending;
        this.seat = new Semaphore(seats, true);
        for (int i = 0; i < seats; i++) {
            startThread();
        }
    }

    private void startThread() {
        threads.incrementAndGet();
        Thread.ofPlatform().daemon().name(name + "." + ids.incrementAndGet()).start(this::loop);
    }

    private void loop() {
        Suspension.install(new Hook());
        try {
            for (Runnable task; (task = next()) != null; ) {
                seat.acquireUninterruptibly();
                try {
                    task.run();
                } catch (Throwable e) {
                    // a task's failure is its future's
                } finally {
                    if (clearAfterTask) {
                        TaskContext.clear();
                    }
                    seat.release();
                }
                Thread.interrupted();
                if (idle.get() > seats) {
                    return; // enough threads wait for work
                }
            }
        } finally {
            Suspension.install(null);
            if (threads.decrementAndGet() == 0 && shutdown) {
                terminated.countDown();
            }
        }
    }

    private Runnable next() {
        idle.incrementAndGet();
        try {
            for (;;) {
                Runnable task = queue.takeFirst();
                if (task != STOP) {
                    return task;
                }
                boolean more = !queue.isEmpty();
                queue.addLast(STOP);
                if (!more) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            return null;
        } finally {
            idle.decrementAndGet();
        }
    }

    private final class Hook implements Suspension.Hook, WorkerQueue {
        private final ArrayDeque<Runnable> forks = new ArrayDeque<>();

        @Override
        public void beforeSuspend() {
            seat.release();
            if (idle.get() == 0 && !stopped) {
                startThread();
            }
        }

        @Override
        public void afterResume() {
            seat.acquireUninterruptibly();
        }

        @Override
        public String runnerName() {
            return name;
        }

        @Override
        public Runner runner() {
            return SeatRunner.this;
        }

        @Override
        public void push(Runnable task) {
            forks.addFirst(task); // run inline by the forker: nobody steals here
        }

        @Override
        public boolean unpush(Runnable task) {
            return forks.removeFirstOccurrence(task);
        }

        @Override
        public void yieldPoint() {}
    }

    @Override
    public void run(Runnable task) {
        boolean own = WorkerQueue.current() instanceof Hook h && h.runner() == this;
        if (stopped || (shutdown && !own)) {
            throw new RejectedExecutionException("runner '" + name + "' is shut down");
        }
        TaskContext context = TaskContext.captureIfAny();
        boolean pending = task instanceof PendingTask;
        if (pending && wrapPending) {
            queue.addLast(() -> task.run()); // the mistake: a PendingTask hidden in a wrapper
        } else {
            queue.addLast(context == null || pending ? task : context.wrap(task));
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return seats;
    }

    @Override
    public int numTasks() {
        return queue.size();
    }

    @Override
    public void shutdown() {
        if (!shutdown) {
            shutdown = true;
            queue.addLast(STOP);
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        stopped = true;
        shutdown();
        List<Runnable> dropped = new ArrayList<>();
        for (Runnable r; (r = queue.pollFirst()) != null; ) {
            if (r != STOP) {
                dropped.add(r);
            }
        }
        queue.addLast(STOP);
        CancellationException reason = new CancellationException("runner '" + name + "' was shut down");
        for (Runnable r : dropped) {
            if (r instanceof PendingTask p) {
                p.abandon(reason);
            }
        }
        return dropped;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "SeatRunner[" + name + ", " + threads.get() + " threads]";
    }
}
