package dev.tidepool.stress;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The race: one thread registers two callbacks on a future while another completes it. Each
 * callback must run exactly once (run by the completing thread if registered in time, else at
 * once by the registering thread) and see the value. Results: runs of the first callback, runs of
 * the second, and 1 if every run saw the value 5. Order is not asserted: when the first callback
 * is registered in time and the second is not, the second runs at once on the registering thread
 * and may overtake the first, still to be run by the completing thread (the documented contract
 * of {@code Fut.onComplete}; an earlier version of this test asserted order and caught it).
 * Two actors, so it runs on a 2-CPU machine.
 * Run alone: {@code java -jar stress/target/jcstress.jar -t FutCallbackRace}.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "each callback ran once with the value")
@Outcome(expect = Expect.FORBIDDEN, desc = "a callback was lost, ran twice or missed the value")
@State
public class FutCallbackRace {
    private final Promise<Integer> promise = Fut.promise();
    private final AtomicInteger first = new AtomicInteger();
    private final AtomicInteger second = new AtomicInteger();
    private volatile boolean sawValue = true;

    @Actor
    public void register() {
        Fut<Integer> f = promise.fut();
        f.onComplete((v, e) -> {
            check(v);
            first.incrementAndGet();
        });
        f.onComplete((v, e) -> {
            check(v);
            second.incrementAndGet();
        });
    }

    @Actor
    public void complete() {
        promise.complete(5);
    }

    @Arbiter
    public void count(III_Result r) {
        r.r1 = first.get();
        r.r2 = second.get();
        r.r3 = sawValue ? 1 : 0;
    }

    private void check(Integer v) {
        if (v == null || v != 5) {
            sawValue = false;
        }
    }
}
