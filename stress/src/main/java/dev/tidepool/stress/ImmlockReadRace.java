package dev.tidepool.stress;

import dev.tidepool.sync.Immlock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The race: a reader calls {@code get()} while a writer replaces a two-field immutable value. The
 * reader must see the old pair or the new one, never a mix and never a half-built object (the
 * volatile publication makes the constructor's writes visible).
 * Run alone: {@code java -jar stress/target/jcstress.jar -t ImmlockReadRace}.
 */
@JCStressTest
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "old value")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "new value")
@Outcome(expect = Expect.FORBIDDEN, desc = "torn or half-built value")
@State
public class ImmlockReadRace {
    record Pair(int a, int b) {}

    final Immlock<Pair> imm = Immlock.create(new Pair(0, 0));

    @Actor
    public void writer() {
        imm.update(p -> new Pair(p.a() + 1, p.b() + 1));
    }

    @Actor
    public void reader(II_Result r) {
        Pair p = imm.get();
        r.r1 = p.a();
        r.r2 = p.b();
    }
}
