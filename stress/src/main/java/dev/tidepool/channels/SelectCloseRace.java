package dev.tidepool.channels;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The race: a select waits either to send 5 to rendezvous channel {@code a} or to receive from
 * rendezvous channel {@code b}, while one thread closes {@code a} and another sends 7 to
 * {@code b} without waiting. Exactly one thing happens to the select: the close ends its send
 * case (the select gets the channel's end, and throws {@link ChannelClosedException}; 7 is not
 * taken), or the receive case
 * takes 7 (the close then finds a select that went another way). The arbiter reports (the
 * outcome: -1 closed, 7 received; 7 taken by the send; 5 found in {@code a}, which must never be).
 * Run alone: {@code java -jar stress/target/jcstress.jar -t SelectCloseRace}.
 */
@JCStressTest
@Outcome(id = "-1, 0, 0", expect = Expect.ACCEPTABLE, desc = "the close came first: the select fails, 7 is refused")
@Outcome(id = "7, 1, 0", expect = Expect.ACCEPTABLE, desc = "the send came first: the select received 7")
@Outcome(expect = Expect.FORBIDDEN, desc = "both, neither, or the closed send's value delivered")
@State
public class SelectCloseRace {
    private final Chan<Integer> a = Chan.bounded(0);
    private final Chan<Integer> b = Chan.bounded(0);
    private final Select.Waiting waiting = new Select.Waiting();

    public SelectCloseRace() {
        a.selectWaitSend(waiting, 0, 5);
        b.selectWaitReceive(waiting, 1);
    }

    @Actor
    public void close() {
        a.close();
    }

    @Actor
    public void send(III_Result r) {
        r.r2 = b.trySend(7) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        if (waiting.fired.fut().peek().isEmpty()) {
            r.r1 = 0; // nothing happened to the select: forbidden
        } else {
            Select.Fired f = waiting.fired.fut().await();
            r.r1 = f.index() == 0 && f.value() instanceof Chan.End ? -1 : f.value() instanceof Integer v ? v : -9;
        }
        r.r3 = a.tryReceive() == null ? 0 : 5;
    }
}
