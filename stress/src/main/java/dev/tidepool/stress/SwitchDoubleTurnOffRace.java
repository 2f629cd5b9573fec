package dev.tidepool.stress;

import dev.tidepool.switches.Switch;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The race: two threads turn the same switch off at once. A callback registered before must run
 * exactly once. Run alone: {@code java -jar stress/target/jcstress.jar -t SwitchDoubleTurnOffRace}.
 */
@JCStressTest
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "callback ran once")
@Outcome(expect = Expect.FORBIDDEN, desc = "callback lost or run twice")
@State
public class SwitchDoubleTurnOffRace {
    final Switch sw = Switch.create();
    final AtomicInteger runs = new AtomicInteger();

    public SwitchDoubleTurnOffRace() {
        sw.onTurnOff(runs::incrementAndGet);
    }

    @Actor
    public void first() {
        sw.turnOff();
    }

    @Actor
    public void second() {
        sw.turnOff();
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = runs.get();
    }
}
