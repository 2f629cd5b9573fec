package dev.tidepool.stress;

import dev.tidepool.switches.Switch;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The race: one thread turns a switch off while another registers a callback. Whatever the
 * interleaving, the callback must run exactly once (by the turn-off, or at once on registration)
 * and the switch must end off. Two actors, so it runs on a 2-CPU machine.
 * Run alone: {@code java -jar stress/target/jcstress.jar -t SwitchCallbackRace}.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "callback ran once, switch off")
@Outcome(expect = Expect.FORBIDDEN, desc = "callback lost or run twice, or switch still on")
@State
public class SwitchCallbackRace {
    final Switch sw = Switch.create();
    final AtomicInteger runs = new AtomicInteger();

    @Actor
    public void turnOff() {
        sw.turnOff();
    }

    @Actor
    public void register() {
        sw.onTurnOff(runs::incrementAndGet);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = runs.get();
        r.r2 = sw.isOff() ? 1 : 0;
    }
}
