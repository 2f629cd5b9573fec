package dev.tidepool.examples;

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
 * A runner with a single event loop, written on Tidepool's public runner SPI alone (the shape of
 * Moonpool's Lwt runner): one task runs at a time, so tasks share state without locks, and a task
 * that awaits a future, waits on a channel or joins a stolen fork-join part hands the loop to
 * another thread instead of stopping it. Tasks run in submission order; a fork-join part runs
 * inline on the thread that forked it (with one task at a time, nobody could run it sooner).
 *
 * <p>Implementation overview. The loop is one permit ({@code turn}, a fair semaphore): a thread
 * holds it while it runs a task. Loop threads take tasks from one deque ({@code queue}), then the
 * permit; a seat keeps the fork-join parts of its thread in a stack of its own. Each loop thread installs a {@link Seat}, the
 * SPI object that is both its suspension hook and its fork-join queue. Before a task parks, its
 * seat gives the permit back and, unless a loop thread already waits for work, starts one; once
 * unparked, the seat takes the permit again (fairness lets it in before tasks that come later).
 * So at most one task runs, and an awaited task can always run. A loop thread that ends a task
 * while another one waits for work exits, so threads do not pile up after a burst of waits.
 * Shutdown puts a STOP marker at the tail of the deque: a thread that takes it with nothing else
 * queued exits, leaving it for the others; with tasks still queued it puts it back behind them.
 * Every shared field is a concurrent structure or volatile; the seat's fields belong to its thread.
 */
final class EventLoop implements Runner {
    private static final Runnable STOP = () -> { };

    private final String name;
    private final Semaphore turn = new Semaphore(1, true);
    private final LinkedBlockingDeque<Runnable> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicInteger waitingForWork = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicInteger threadIds = new AtomicInteger();
    private volatile boolean shutdown;
    private volatile boolean stopped;

    EventLoop(String name) {
        this.name = name;
        startThread();
    }

    private void startThread() {
        threads.incrementAndGet();
        Thread.ofPlatform().daemon().name(name + ".loop." + threadIds.incrementAndGet()).start(this::loop);
    }

    private void loop() {
        Seat seat = new Seat();
        Suspension.install(seat);
        try {
            for (;;) {
                Runnable task = next();
                if (task == null) {
                    return;
                }
                turn.acquireUninterruptibly();
                try {
                    task.run();
                } catch (Throwable e) {
                    System.getLogger(EventLoop.class.getName()).log(System.Logger.Level.WARNING,
                            "a task of " + name + " failed", e);
                } finally {
                    TaskContext.clear();
                    turn.release();
                }
                Thread.interrupted(); // an interrupt belongs to the task that received it
                if (waitingForWork.get() > 0) {
                    return; // another loop thread is ready: this one is extra
                }
            }
        } finally {
            Suspension.install(null);
            if (threads.decrementAndGet() == 0 && shutdown) {
                terminated.countDown();
            }
        }
    }

    /** The next task, or null when this thread should exit (the runner is shut down and drained). */
    private Runnable next() {
        waitingForWork.incrementAndGet();
        try {
            for (;;) {
                Runnable task = queue.takeFirst();
                if (task != STOP) {
                    return task;
                }
                boolean more = !queue.isEmpty();
                queue.addLast(STOP); // for the other loop threads, behind what is still queued
                if (!more) {
                    return null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            waitingForWork.decrementAndGet();
        }
    }

    /** What one loop thread gives Tidepool: its suspension hook and its fork-join queue. */
    private final class Seat implements Suspension.Hook, WorkerQueue {
        /** Fork-join parts this thread queued, newest first; only this thread touches it. */
        private final ArrayDeque<Runnable> forks = new ArrayDeque<>();

        @Override
        public void beforeSuspend() {
            turn.release();
            if (waitingForWork.get() == 0 && !stopped) {
                startThread(); // someone must go on running the loop's other tasks
            }
        }

        @Override
        public void afterResume() {
            turn.acquireUninterruptibly();
        }

        @Override
        public String runnerName() {
            return name;
        }

        @Override
        public Runner runner() {
            return EventLoop.this;
        }

        @Override
        public void push(Runnable task) {
            if (stopped) {
                throw rejected();
            }
            forks.addFirst(task); // one task runs at a time: no other thread could run it sooner
        }

        @Override
        public boolean unpush(Runnable task) {
            if (forks.peekFirst() == task) {
                forks.pollFirst();
                return true;
            }
            return forks.removeFirstOccurrence(task);
        }

        @Override
        public void yieldPoint() {
            if (turn.hasQueuedThreads()) { // a resumed task waits for the loop: let it in
                turn.release();
                turn.acquireUninterruptibly();
            }
        }
    }

    private static boolean onLoopOf(EventLoop loop) {
        return WorkerQueue.current() instanceof Seat s && s.runner() == loop;
    }

    @Override
    public void run(Runnable task) {
        if (stopped || (shutdown && !onLoopOf(this))) { // after shutdown, only the loop's own tasks add work
            throw rejected();
        }
        TaskContext context = TaskContext.captureIfAny();
        queue.addLast(context == null || task instanceof PendingTask ? task : context.wrap(task));
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException("event loop '" + name + "' is shut down");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public int numTasks() {
        int queued = 0;
        for (Runnable r : queue) {
            queued += r == STOP ? 0 : 1;
        }
        return queued + (turn.availablePermits() == 0 ? 1 : 0);
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
        CancellationException reason = new CancellationException("event loop '" + name + "' was shut down");
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
        return "EventLoop[" + name + ", " + threads.get() + " threads, ~" + numTasks() + " tasks"
                + (stopped ? ", stopped]" : shutdown ? ", shutting down]" : "]");
    }
}
