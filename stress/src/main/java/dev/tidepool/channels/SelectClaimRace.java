package dev.tidepool.channels;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The race: a select waits to receive from either of two rendezvous channels (its two cases are
 * queued, as {@link Select#await()} queues them), and two threads each try to send to one of
 * them without waiting. Each channel has its own lock, so the two sends run truly in parallel;
 * exactly one may hand its value to the select, and the other must find no receiver (a rendezvous
 * buffers nothing). The arbiter reports (first send taken, second send taken, the case that
 * happened with its value: 11 for 1 through case 0, 22 for 2 through case 1).
 * Run alone: {@code java -jar stress/target/jcstress.jar -t SelectClaimRace}.
 */
@JCStressTest
@Outcome(id = "1, 0, 11", expect = Expect.ACCEPTABLE, desc = "the first send met the select")
@Outcome(id = "0, 1, 22", expect = Expect.ACCEPTABLE, desc = "the second send met the select")
@Outcome(expect = Expect.FORBIDDEN, desc = "both sends taken (a value lost), or none")
@State
public class SelectClaimRace {
    private final Chan<Integer> a = Chan.bounded(0);
    private final Chan<Integer> b = Chan.bounded(0);
    private final Select.Waiting waiting = new Select.Waiting();

    public SelectClaimRace() {
        a.selectWaitReceive(waiting, 0);
        b.selectWaitReceive(waiting, 1);
    }

    @Actor
    public void sendToA(III_Result r) {
        r.r1 = a.trySend(1) ? 1 : 0;
    }

    @Actor
    public void sendToB(III_Result r) {
        r.r2 = b.trySend(2) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        Select.Fired f = waiting.fired.fut().peek().isPresent() ? waiting.fired.fut().await() : null;
        r.r3 = f == null || f.value() == null ? -1 : (f.index() + 1) * 10 + (Integer) f.value();
    }
}
