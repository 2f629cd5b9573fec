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
 * {@code wokenPools} bits) and another in the normal queue, while a carrier polls, starting from
 * bits set over an empty lane: the carrier finds the lane empty, clears the bits and must then
 * re-read the lane, or an offer that slipped in between is stranded with the bits clear. Each continuation must be taken exactly
 * once, by the carrier's poll or by the polls that drain the budget afterwards, and once drained the
 * bits must be clear. r1: continuations the carrier took (0 or 1); r2: taken by the drain; r3: 1 if
 * a bit is still set after the drain. Two actors, so it runs on a 2-CPU machine.
 * Run alone: {@code java -jar stress/target/jcstress.jar -t WokenLaneRace}.
 */
@JCStressTest
@Outcome(id = {"0, 2, 0", "1, 1, 0"}, expect = Expect.ACCEPTABLE, desc = "each taken once; the bits are clear")
@Outcome(expect = Expect.FORBIDDEN, desc = "a continuation lost or taken twice, or a stale bit")
@State
public class WokenLaneRace {
    /** A budget whose only carrier would be the thread driving it: no thread is started. */
    private final CoreBudget budget = CoreBudget.callerDriven("race");
    private final Runnable woken = () -> {};
    private final Runnable normal = () -> {};
    private int carrierTook;
    private int carrierTwice;

    /** Leaves a bit set over an empty lane, as after a carrier took the lane's last entry. */
    public WokenLaneRace() {
        budget.submit(() -> {}, 1L);
        budget.poll();
    }

    @Actor
    public void submitter() {
        budget.submit(woken, 2L);
        budget.submit(normal, 0L);
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
        r.r3 = budget.wokenPools() != 0L ? 1 : 0;
    }
}
