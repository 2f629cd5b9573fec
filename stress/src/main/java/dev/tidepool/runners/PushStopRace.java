package dev.tidepool.runners;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.spi.PendingTask;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The race: a task running on a worker of a work-stealing pool spawns a child (a push to the
 * worker's own deque) and then awaits it (the worker suspends, still counted as busy) while
 * another thread calls {@code shutdownNow} (the state goes to stopping, then every queue is drained
 * and what was in it cancelled). Whatever the interleaving, and on hardware that buffers stores,
 * the child must end up cancelled, by the drain or by the suspending worker. A child still queued
 * in a stopped pool and cancelled by nobody is what the awaiting task would wait on for ever: no
 * worker runs it and the pool cannot terminate under the awaiting task.
 * The arbiter reports (cancelled, or -1 when the spawn was rejected; still queued).
 * Run alone: {@code java -jar stress/target/jcstress.jar -t PushStopRace}.
 */
@JCStressTest
@Outcome(id = "-1, 0", expect = Expect.ACCEPTABLE, desc = "the spawn was rejected: the pool had stopped before the push")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the child was cancelled by the drain or by the pusher")
@Outcome(id = "0, 1", expect = Expect.FORBIDDEN, desc = "the child is left queued in a stopped pool, cancelled by nobody")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class PushStopRace {
    private final StealingQueues queues = new StealingQueues();
    private final Slot[] core = {new Slot(0, true, null)};
    private final Lifecycle life = new Lifecycle("push-stop-race", queues, () -> { });
    private final Crew crew = new Crew(null, null, PoolHooks.NONE, queues, core, life, 0);
    private final Worker worker = new Worker(crew, Share.NONE, core[0]);
    private final Child child = new Child();

    public PushStopRace() {
        queues.useSlots(crew.helpers);
        life.setBusy(1); // the pushing worker: the pool cannot terminate under it
    }

    private volatile boolean rejected;

    @Actor
    public void spawner() {
        try {
            crew.push(worker, child);
            crew.suspending(worker); // what an await of the child does before parking
        } catch (RejectedExecutionException e) {
            rejected = true; // the push saw the stop before it queued anything
        }
    }

    @Actor
    public void stopper() {
        life.stop();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = rejected ? -1 : child.abandoned.get() > 0 ? 1 : 0;
        r.r2 = core[0].deque.isEmpty() ? 0 : 1;
    }

    /** A queued task that records whether it was cancelled. */
    static final class Child implements PendingTask {
        final AtomicInteger abandoned = new AtomicInteger();

        @Override
        public void run() {
        }

        @Override
        public void abandon(CancellationException reason) {
            abandoned.incrementAndGet();
        }

        @Override
        public boolean runInlineFor(Fut<?> fut) {
            return false;
        }

        @Override
        public boolean isStarted() {
            return abandoned.get() > 0;
        }
    }
}
