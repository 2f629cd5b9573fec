package dev.tidepool.runners;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * The race: the only worker of a pool finds its queue empty and goes idle (marks its slot idle,
 * counts itself out, re-checks the queue, parks) while another thread submits a task (enqueues,
 * then looks for an idle slot to signal). Whatever the interleaving, the worker must end up
 * running the task; a worker left parked with a task queued is a lost wake-up, reported as
 * {@code STALE}. The pool's parts are built without starting threads and the actor plays its
 * worker, so the test exercises exactly {@code Crew.idle} against {@code Lifecycle.submit} and
 * {@code Crew.signalWork}.
 * To hit the narrow window many times per instance, the submitter hands over {@value #TASKS}
 * tasks one by one, each as soon as it sees the previous one run, which is exactly when the
 * worker goes idle again; if a task is not run within a second it gives up, and the worker stays
 * parked.
 * Run alone: {@code java -jar stress/target/jcstress.jar -t PoolIdleWakeRace}.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the worker woke and ran the task")
@Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "lost wake-up: the worker sleeps on a queued task")
@State
public class PoolIdleWakeRace {
    private final FifoQueue queue = new FifoQueue();
    private final Slot[] core = {new Slot(0, false, null)};
    private final Lifecycle life = new Lifecycle("idle-race", queue, () -> { });
    private final Crew crew = new Crew(null, null, PoolHooks.NONE, queue, core, life, 0);
    private static final int TASKS = 64;
    private static final long PATIENCE_NANOS = 1_000_000_000L;

    private final AtomicInteger ran = new AtomicInteger();

    @Actor
    public void worker() {
        Slot s = core[0];
        Worker w = new Worker(crew, Share.NONE, s);
        w.thread = Thread.currentThread();
        s.owner = w; // published before the slot is marked idle, which is what a signaller reads
        life.setBusy(1);
        while (ran.get() < TASKS) {
            Runnable t = queue.poll(s, w); // no spinning first: straight to idle, the widest window
            if (t != null) {
                t.run();
            } else if (!crew.idle(s)) {
                return;
            }
        }
    }

    @Signal
    public void submit() {
        for (int i = 0; i < TASKS; i++) {
            life.submit(ran::incrementAndGet);
            crew.signalWork();
            long start = System.nanoTime();
            while (ran.get() <= i) {
                if (System.nanoTime() - start > PATIENCE_NANOS) {
                    return; // the worker missed this task: it stays parked and the test reports STALE
                }
                Thread.onSpinWait();
            }
        }
    }
}
