package dev.tidepool.futures;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of a future's completion against a sequential write-once cell: completing,
 * failing and cancelling race, exactly one wins, and every read (peek, isDone, a zero-time await)
 * agrees with the winner. Callbacks registered concurrently are checked after each run: each ran
 * exactly once if the future settled, never if it did not. A short run by default, a long one
 * with {@code -Dtidepool.runs=long}.
 */
public class FutLincheckTest {
    private static final boolean LONG = "long".equals(System.getProperty("tidepool.runs"));
    private static final IllegalStateException BOOM = new IllegalStateException("boom");

    private final Promise<Integer> promise = Fut.promise();
    private final Queue<AtomicInteger> callbacks = new ConcurrentLinkedQueue<>();

    @Operation
    public boolean tryComplete(int v) {
        return promise.tryComplete(v);
    }

    @Operation
    public boolean tryFail() {
        return promise.tryFail(BOOM);
    }

    @Operation
    public boolean cancel() {
        return promise.fut().cancel();
    }

    @Operation
    public boolean isDone() {
        return promise.fut().isDone();
    }

    @Operation
    public String peek() {
        return promise.fut().peek().map(o -> switch (o) {
            case Outcome.Success<Integer>(Integer v) -> "value " + v;
            case Outcome.Failure<Integer>(Throwable e) -> describe(e);
        }).orElse("pending");
    }

    @Operation
    public String awaitNow() {
        try {
            return "value " + promise.fut().await(Duration.ZERO);
        } catch (TimeoutException e) {
            return "pending";
        } catch (RuntimeException e) {
            return describe(e);
        }
    }

    @Operation
    public void onComplete() {
        AtomicInteger runs = new AtomicInteger();
        callbacks.add(runs);
        promise.fut().onComplete((v, e) -> runs.incrementAndGet());
    }

    @Validate
    public void everyCallbackRanOnceIfSettled() {
        int expected = promise.fut().isDone() ? 1 : 0;
        for (AtomicInteger runs : callbacks) {
            if (runs.get() != expected) {
                throw new IllegalStateException("a callback ran " + runs.get() + " times, expected " + expected);
            }
        }
    }

    private static String describe(Throwable e) {
        return e == BOOM ? "failed boom" : e instanceof CancellationException ? "cancelled" : "other " + e;
    }

    /** The sequential specification: a cell written at most once. */
    public static final class Spec {
        private String outcome = "pending";

        private boolean settle(String o) {
            if (!outcome.equals("pending")) {
                return false;
            }
            outcome = o;
            return true;
        }

        public boolean tryComplete(int v) {
            return settle("value " + v);
        }

        public boolean tryFail() {
            return settle("failed boom");
        }

        public boolean cancel() {
            return settle("cancelled");
        }

        public boolean isDone() {
            return !outcome.equals("pending");
        }

        public String peek() {
            return outcome;
        }

        public String awaitNow() {
            return outcome;
        }

        public void onComplete() {}
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().sequentialSpecification(Spec.class)
                .iterations(LONG ? 100 : 40).invocationsPerIteration(LONG ? 5_000 : 1_000)
                .threads(2).actorsPerThread(4).actorsBefore(2).actorsAfter(2)
                .check(FutLincheckTest.class);
    }

    @Test
    void stress() {
        new StressOptions().sequentialSpecification(Spec.class)
                .iterations(LONG ? 100 : 40).invocationsPerIteration(LONG ? 20_000 : 2_000)
                .threads(2).actorsPerThread(4).actorsBefore(2).actorsAfter(2)
                .check(FutLincheckTest.class);
    }
}
