package dev.tidepool.channels;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The race: a select waiting to receive from a rendezvous channel gives up (its timeout or its
 * switch: it claims itself as cancelled and withdraws its case, as {@link Select#await()} does)
 * while another thread sends to that channel without waiting. Either the send met the select
 * (the select's give-up fails and it returns the value) or the select gave up first (the send
 * finds no receiver). A send that counts as taken while the select also gave up would lose the
 * value. The arbiter reports (send taken, give-up won, receivers still queued).
 * Run alone: {@code java -jar stress/target/jcstress.jar -t SelectCancelRace}.
 */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = Expect.ACCEPTABLE, desc = "the send met the select, which then returns the value")
@Outcome(id = "0, 1, 0", expect = Expect.ACCEPTABLE, desc = "the select gave up first; the send found no receiver")
@Outcome(expect = Expect.FORBIDDEN, desc = "a value taken by a select that gave up, or a case left queued")
@State
public class SelectCancelRace {
    private final Chan<Integer> c = Chan.bounded(0);
    private final Select.Waiting waiting = new Select.Waiting();

    public SelectCancelRace() {
        c.selectWaitReceive(waiting, 0);
    }

    @Actor
    public void send(III_Result r) {
        r.r1 = c.trySend(1) ? 1 : 0;
    }

    @Actor
    public void giveUp(III_Result r) {
        r.r2 = waiting.cancel() ? 1 : 0;
        c.withdraw(waiting);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = c.toString().contains("0 receivers waiting") ? 0 : 1;
    }
}
