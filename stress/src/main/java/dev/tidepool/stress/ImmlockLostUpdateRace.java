package dev.tidepool.stress;

import dev.tidepool.sync.Immlock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The race: two writers each add one. Writers are serialised, so no update may be lost: the final
 * value is 2. Two actors, so it runs on a 2-CPU machine.
 * Run alone: {@code java -jar stress/target/jcstress.jar -t ImmlockLostUpdateRace}.
 */
@JCStressTest
@Outcome(id = "2", expect = Expect.ACCEPTABLE, desc = "both updates kept")
@Outcome(expect = Expect.FORBIDDEN, desc = "an update was lost")
@State
public class ImmlockLostUpdateRace {
    final Immlock<Integer> imm = Immlock.create(0);

    @Actor
    public void writer1() {
        imm.update(x -> x + 1);
    }

    @Actor
    public void writer2() {
        imm.update(x -> x + 1);
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = imm.get();
    }
}
