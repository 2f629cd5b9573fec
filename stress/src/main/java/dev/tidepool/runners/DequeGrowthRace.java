package dev.tidepool.runners;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The race: the owner of a full two-slot deque pushes two more tasks, which makes it copy its
 * array into a larger one, and then pops three times, while a thief steals twice, possibly from
 * the old array. Afterwards what is left is drained. Each of the four tasks must have been taken
 * exactly once: a thief reading the old array must never see a stale or missing slot. The first
 * result is how many tasks the thief got; the second is the number of tasks taken exactly once.
 * Two actors, so it runs on a 2-CPU machine.
 * Run alone: {@code java -jar stress/target/jcstress.jar -t DequeGrowthRace}.
 */
@JCStressTest
@Outcome(id = {"0, 4", "1, 4", "2, 4"}, expect = Expect.ACCEPTABLE, desc = "every task taken exactly once")
@Outcome(expect = Expect.FORBIDDEN, desc = "a task was lost or taken twice")
@State
public class DequeGrowthRace {
    private static final int TASKS = 4;

    private final WsDeque deque = new WsDeque(2);
    private final AtomicIntegerArray taken = new AtomicIntegerArray(TASKS);
    private final Runnable[] tasks = new Runnable[TASKS];
    private int stolen;

    public DequeGrowthRace() {
        for (int i = 0; i < TASKS; i++) {
            int id = i;
            tasks[i] = () -> taken.incrementAndGet(id);
        }
        deque.push(tasks[0]);
        deque.push(tasks[1]);
    }

    @Actor
    public void owner() {
        deque.push(tasks[2]); // the array is full: this push grows it
        deque.push(tasks[3]);
        for (int i = 0; i < 3; i++) {
            run(deque.pop());
        }
    }

    @Actor
    public void thief() {
        for (int i = 0; i < 2; i++) {
            Runnable t = deque.steal();
            if (t != null) {
                stolen++;
                t.run();
            }
        }
    }

    @Arbiter
    public void drainAndCount(II_Result r) {
        for (Runnable t; (t = deque.pop()) != null; ) {
            t.run();
        }
        int once = 0;
        for (int i = 0; i < TASKS; i++) {
            once += taken.get(i) == 1 ? 1 : 0;
        }
        r.r1 = stolen;
        r.r2 = once;
    }

    private static void run(Runnable t) {
        if (t != null) {
            t.run();
        }
    }
}
