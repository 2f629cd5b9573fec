package dev.tidepool.stress;

import dev.tidepool.switches.Switch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The race: a child is created under a parent while the parent is turned off. The child must end
 * off (it either registered before the turn-off, or saw the parent off when it registered).
 * Run alone: {@code java -jar stress/target/jcstress.jar -t SwitchChildRace}.
 */
@JCStressTest
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "child off with its parent")
@Outcome(id = "0", expect = Expect.FORBIDDEN, desc = "child outlived its parent")
@State
public class SwitchChildRace {
    final Switch parent = Switch.create();
    volatile Switch child;

    @Actor
    public void createChild() {
        child = Switch.create(parent);
    }

    @Actor
    public void turnOffParent() {
        parent.turnOff();
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = child.isOff() ? 1 : 0;
    }
}
