package dev.tidepool.stress;

import dev.tidepool.sync.Lock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The race: two threads each run a read-modify-write {@code update} on a plain (non-volatile)
 * value guarded by a {@code Lock}. The updates must be atomic and visible to the next holder: the
 * final value is 2.
 * Run alone: {@code java -jar stress/target/jcstress.jar -t LockUpdateRace}.
 */
@JCStressTest
@Outcome(id = "2", expect = Expect.ACCEPTABLE, desc = "both updates kept")
@Outcome(expect = Expect.FORBIDDEN, desc = "an update was lost")
@State
public class LockUpdateRace {
    final Lock<int[]> lock = Lock.create(new int[1]);

    @Actor
    public void first() {
        lock.update(a -> {
            a[0]++;
            return a;
        });
    }

    @Actor
    public void second() {
        lock.update(a -> {
            a[0]++;
            return a;
        });
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = lock.withLock(a -> a[0]);
    }
}
