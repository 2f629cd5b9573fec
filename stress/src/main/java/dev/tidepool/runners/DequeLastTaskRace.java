package dev.tidepool.runners;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The race: the work-stealing deque holds one task; its owner pops while a thief steals. The two
 * fight for the last task through the CAS on {@code top}, so exactly one of them must get it:
 * never both (run twice), never neither (lost). Two actors, so it runs on a 2-CPU machine.
 * Run alone: {@code java -jar stress/target/jcstress.jar -t DequeLastTaskRace}.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the owner's pop took it")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the thief's steal took it")
@Outcome(expect = Expect.FORBIDDEN, desc = "the task was taken twice or lost")
@State
public class DequeLastTaskRace {
    private final WsDeque deque = new WsDeque(2);
    private final Runnable task = () -> {};

    public DequeLastTaskRace() {
        deque.push(task);
    }

    @Actor
    public void owner(II_Result r) {
        r.r1 = deque.pop() == task ? 1 : 0;
    }

    @Actor
    public void thief(II_Result r) {
        r.r2 = deque.steal() == task ? 1 : 0;
    }
}
