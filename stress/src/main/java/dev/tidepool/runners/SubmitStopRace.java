package dev.tidepool.runners;

import java.util.concurrent.RejectedExecutionException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The race: a thread outside the pool submits a task (state check, enqueue) while another calls
 * {@code shutdownNow} (the state goes to stopping, then every queue is drained and what was in it
 * cancelled), and a task of the pool that awaits the submitted one keeps the pool from
 * terminating (it is counted as busy). Whatever the interleaving, and on hardware that buffers
 * stores, the submission must be rejected or the task cancelled, by the drain or by the
 * submitter. A task still queued in a stopped pool and cancelled by nobody is what the awaiting
 * task would wait on for ever.
 * The arbiter reports (cancelled, or -1 when the submission was rejected; still queued).
 * Run alone: {@code java -jar stress/target/jcstress.jar -t SubmitStopRace}.
 */
@JCStressTest
@Outcome(id = "-1, 0", expect = Expect.ACCEPTABLE, desc = "the submission was rejected: the pool had stopped")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the task was cancelled by the drain or by the submitter")
@Outcome(id = "0, 1", expect = Expect.FORBIDDEN, desc = "the task is left queued in a stopped pool, cancelled by nobody")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class SubmitStopRace {
    private final FifoQueue queue = new FifoQueue();
    private final Lifecycle life = new Lifecycle("submit-stop-race", queue, () -> { });
    private final PushStopRace.Child task = new PushStopRace.Child();
    private volatile boolean rejected;

    public SubmitStopRace() {
        life.setBusy(1); // the task awaiting the submitted one: the pool cannot terminate under it
    }

    @Actor
    public void submitter() {
        try {
            life.submit(task);
        } catch (RejectedExecutionException e) {
            rejected = true;
        }
    }

    @Actor
    public void stopper() {
        life.stop();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = rejected ? -1 : task.abandoned.get() > 0 ? 1 : 0;
        r.r2 = queue.hasQueuedWork() ? 1 : 0;
    }
}
