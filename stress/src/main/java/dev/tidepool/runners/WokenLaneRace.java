package dev.tidepool.runners;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The race: a submitter queues a continuation in the budget's woken lane (offer, then set the
 * {@code wokenPending} flag) and another in the normal queue, while a carrier polls, starting from
 * a set flag over an empty lane: the carrier finds the lane empty, clears the flag and must then
 * re-read the lane, or an offer that slipped in between is stranded with the flag clear. Each continuation must be taken exactly
 * once, by the carrier's poll or by the polls that drain the budget afterwards, and once drained the
 * flag must be clear. r1: continuations the carrier took (0 or 1); r2: taken by the drain; r3: 1 if
 * the flag is still set after the drain. Two actors, so it runs on a 2-CPU machine.
 * Run alone: {@code java -jar stress/target/jcstress.jar -t WokenLaneRace}.
 */
@JCStressTest
@Outcome(id = {"0, 2, 0", "1, 1, 0"}, expect = Expect.ACCEPTABLE, desc = "each taken once; the flag is clear")
@Outcome(expect = Expect.FORBIDDEN, desc = "a continuation lost or taken twice, or a stale flag")
@State
public class WokenLaneRace {
    /** A budget whose only carrier would be the thread driving it: no thread is started. */
    private final CoreBudget budget = CoreBudget.callerDriven("race");
    private final Runnable woken = () -> {};
    private final Runnable normal = () -> {};
    private int carrierTook;
    private int carrierTwice;

    /** Leaves the flag set over an empty lane, as after a carrier took the lane's last entry. */
    public WokenLaneRace() {
        budget.submit(() -> {}, true);
        budget.poll();
    }

    @Actor
    public void submitter() {
        budget.submit(woken, true);
        budget.submit(normal, false);
    }

    @Actor
    public void carrier() {
        Runnable r = budget.poll();
        if (r == woken || r == normal) {
            carrierTook = 1;
        } else if (r != null) {
            carrierTwice = 1;
        }
    }

    @Arbiter
    public void drain(III_Result r) {
        int drained = 0;
        for (Runnable x; (x = budget.poll()) != null; ) {
            drained++;
        }
        r.r1 = carrierTook + 10 * carrierTwice;
        r.r2 = drained;
        r.r3 = budget.hasWokenContinuations() ? 1 : 0;
    }
}
