package dev.tidepool.stress;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The race: a thread awaits a pending future (checks it, pushes itself on the waiter stack,
 * parks) while another completes it (swaps the stack out with the settling CAS, then unparks
 * each waiter). Whatever the interleaving, the awaiting thread must return with the value at
 * once. The await is bounded by {@value #PATIENCE_MS} ms so that a lost wake-up (an awaiter left
 * parked on a settled future) ends the park by its deadline instead of hanging the run, and
 * shows as the forbidden result -1 (the await took that long); the timed await takes the same
 * path as the plain one, apart from the park's deadline. Two actors, so it runs on a 2-CPU
 * machine.
 * Run alone: {@code java -jar stress/target/jcstress.jar -t FutAwaitWakeRace}.
 */
@JCStressTest
@Outcome(id = "3", expect = Expect.ACCEPTABLE, desc = "the awaiter woke up with the value")
@Outcome(id = "-1", expect = Expect.FORBIDDEN, desc = "lost wake-up: the awaiter slept on a settled future")
@Outcome(id = "-2", expect = Expect.FORBIDDEN, desc = "the awaiter timed out on a future that was completed")
@Outcome(expect = Expect.FORBIDDEN, desc = "the awaiter saw another value")
@State
public class FutAwaitWakeRace {
    private static final long PATIENCE_MS = 2_000;

    private final Promise<Integer> promise = Fut.promise();
    /** Set by the awaiter just before it awaits; the completer waits for it (see below). */
    private volatile boolean awaiting;
    /** A random head start for the awaiter, which spreads the completions along its path. */
    private final int completerDelay = ThreadLocalRandom.current().nextInt(64);

    @Actor
    public void await(I_Result r) {
        // A permit left by an earlier round's unpark would end a wrongly started park at once
        // and hide a lost wake-up: setting and consuming it clears it without blocking.
        LockSupport.unpark(Thread.currentThread());
        LockSupport.park();
        awaiting = true;
        long start = System.nanoTime();
        try {
            int v = promise.fut().await(Duration.ofMillis(PATIENCE_MS));
            // Completion follows within microseconds, so only a park that nobody ended (it timed
            // out, and the loop then found the future settled) takes this long.
            r.r1 = System.nanoTime() - start > PATIENCE_MS * 1_000_000L / 2 ? -1 : v;
        } catch (TimeoutException e) {
            r.r1 = -2;
        }
    }

    @Actor
    public void complete() {
        // jcstress runs each actor over a batch of instances; a parked awaiter would fall behind
        // and find every later future settled already. Waiting for it keeps the two in step.
        long start = System.nanoTime();
        while (!awaiting && System.nanoTime() - start < PATIENCE_MS * 1_000_000L) {
            Thread.onSpinWait();
        }
        for (int i = completerDelay; i > 0; i--) {
            Thread.onSpinWait();
        }
        promise.complete(3);
    }
}
