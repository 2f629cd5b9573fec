package dev.tidepool.stress;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Outcome.Success;
import dev.tidepool.futures.Promise;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The race: one thread completes a future with a value while another cancels it. Settling is one
 * CAS, so exactly one call must report that it settled the future, and the outcome seen
 * afterwards must be the winner's: the value 7 if completion won (third result 7), a
 * cancellation if cancel won (third result -1). Two actors, so it runs on a 2-CPU machine.
 * Run alone: {@code java -jar stress/target/jcstress.jar -t FutCompleteRace}.
 */
@JCStressTest
@Outcome(id = "1, 0, 7", expect = Expect.ACCEPTABLE, desc = "completion won")
@Outcome(id = "0, 1, -1", expect = Expect.ACCEPTABLE, desc = "cancellation won")
@Outcome(expect = Expect.FORBIDDEN, desc = "no winner, two winners, or an outcome that is not the winner's")
@State
public class FutCompleteRace {
    private final Promise<Integer> promise = Fut.promise();

    @Actor
    public void complete(III_Result r) {
        r.r1 = promise.tryComplete(7) ? 1 : 0;
    }

    @Actor
    public void cancel(III_Result r) {
        r.r2 = promise.fut().cancel() ? 1 : 0;
    }

    @Arbiter
    public void outcome(III_Result r) {
        Fut<Integer> f = promise.fut();
        r.r3 = f.isCancelled() ? -1
                : f.peek().orElse(null) instanceof Success<Integer>(Integer v) ? v
                : -2;
    }
}
