package dev.tidepool.runners;

import dev.tidepool.futures.tracing.TaskTrace;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A pool of workers as a {@link Runner}: where tasks go in ({@link TaskQueues}, which the pool
 * kinds choose), the lifecycle ({@link Lifecycle}) and the workers ({@link Crew}).
 *
 * <p>Implementation overview: a task from outside the pool is counted in by the lifecycle and
 * queued, then an idle worker is woken; a task spawned by one of the pool's own workers goes to
 * that worker's queue. shutdown() moves the lifecycle to SHUTDOWN and waits for the termination
 * latch; shutdownNow() moves it to STOP, which drains and cancels the queues, then interrupts the
 * running tasks. The thread that terminates the pool (see Lifecycle) tells the crew, whose workers
 * then exit; the last to exit leaves the budget and counts the latch down. The protocol is checked
 * by a deterministic simulation (PoolSimulationTest), which runs these same classes.
 */
abstract class Pool implements Runner, BudgetMember {
    private final String name;
    private final int threads;
    private final int weight;
    private final TaskQueues queues;
    private final Lifecycle life;
    private final Crew crew;

    /** @param budget the core budget, or null for platform-thread workers outside any budget */
    Pool(String name, int threads, int weight, CoreBudget budget, TaskQueues queues, PoolHooks hooks, long sliceNanos) {
        this.name = Objects.requireNonNull(name, "name");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threads = threads;
        this.weight = weight;
        this.queues = queues;
        Slot[] core = new Slot[threads];
        for (int i = 0; i < threads; i++) {
            core[i] = new Slot(i, queues instanceof StealingQueues, null);
        }
        this.life = new Lifecycle(name, queues, this::terminated);
        this.crew = new Crew(this, budget, hooks, queues, core, life, sliceNanos);
        if (queues instanceof StealingQueues q) {
            q.useSlots(crew.helpers);
        }
    }

    /** Joins the budget and starts the workers; called once the subclass is built. */
    @SuppressWarnings("unchecked")
    final <P extends Pool> P start() {
        crew.start(this, weight);
        PoolGauges.register(this);
        return (P) this;
    }

    private void terminated() {
        PoolGauges.terminated(this);
        crew.terminated();
    }

    // ------------------------------------------------------------ Runner

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return threads;
    }

    @Override
    public int numTasks() {
        return queues.queuedCount() + crew.runningCount();
    }

    @Override
    public void run(Runnable task) {
        task = TaskTrace.wrap(Objects.requireNonNull(task, "task"));
        Worker w = Worker.current();
        if (w != null && w.host == crew) {
            crew.push(w, task);
            return;
        }
        life.submit(task);
        Sim.point("run: inflight down");
        crew.submitted();
    }

    /**
     * {@inheritDoc} A task of a runner that cannot suspend (a {@link Background}) calling this on
     * its own runner would wait for a task queued behind itself, for ever: that is refused.
     *
     * @throws IllegalStateException when called by a task of this runner on its single thread
     */
    @Override
    public <T> T runWaitBlock(Callable<T> task) {
        Worker w = Worker.current();
        if (w != null && w.host == crew && w.share == Share.NONE) {
            throw new IllegalStateException("runWaitBlock called by a task of '" + name + "', which runs one task at a"
                    + " time on one thread: it would wait for itself; call the task directly instead");
        }
        return Runner.super.runWaitBlock(task);
    }

    @Override
    public boolean isShutdown() {
        return life.state() != Lifecycle.RUNNING;
    }

    @Override
    public boolean isTerminated() {
        return crew.termination().getCount() == 0;
    }

    @Override
    public void shutdown() {
        life.advanceTo(Lifecycle.SHUTDOWN);
        Sim.point("shutdown: SHUTDOWN");
        life.tryTerminate();
        Worker w = Worker.current();
        if (w != null && w.host == crew) {
            return; // a task of this pool cannot wait for the pool to finish
        }
        Uninterruptibly.await(crew.termination());
    }

    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> dropped = life.stop();
        dropped.replaceAll(TaskTrace::unwrap);
        crew.interruptAll();
        life.tryTerminate();
        return dropped;
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        return crew.termination().await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", " + threads + " workers, " + life + ", ~" + numTasks()
                + " tasks, " + crew + "]";
    }

    // ------------------------------------------------------------ for the budget, gauges and tests

    @Override
    public boolean hasQueuedWork() {
        return queues.hasQueuedWork();
    }

    @Override
    public boolean compensate() {
        return crew.compensate();
    }

    @Override
    public void coresWanted() {
        crew.coresWanted();
    }

    int queuedCount() {
        return queues.queuedCount();
    }

    int runningCount() {
        return crew.runningCount();
    }

    Share share() {
        return crew.share();
    }

    Slot[] slots() {
        return crew.helpers.all();
    }
}
