package dev.tidepool.channels;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of a drop-oldest channel of capacity 2 (no operation of it waits for room)
 * against a sequential queue that drops its head when full, under Lincheck's model checker and
 * its stress mode. A short run by default, a long one with {@code -Dtidepool.runs=long}.
 */
public class ChanDropOldestLincheckTest {
    private static final boolean LONG = "long".equals(System.getProperty("tidepool.runs"));
    private static final int CAPACITY = 2;

    private final Chan<Integer> chan = Chan.dropOldest("checked", CAPACITY);

    @Operation
    public String send(int v) {
        try {
            chan.send(v); // never waits on a drop-oldest channel
            return "sent";
        } catch (ChannelClosedException e) {
            return "closed";
        }
    }

    @Operation
    public Integer tryReceive() {
        return chan.tryReceive();
    }

    @Operation
    public boolean close() {
        return chan.close();
    }

    @Operation
    public int size() {
        return chan.size();
    }

    /** The sequential specification: a queue of the newest CAPACITY values, closed to new ones. */
    public static final class Spec {
        private final ArrayDeque<Integer> q = new ArrayDeque<>();
        private boolean closed;

        public String send(int v) {
            if (closed) {
                return "closed";
            }
            if (q.size() == CAPACITY) {
                q.poll();
            }
            q.add(v);
            return "sent";
        }

        public Integer tryReceive() {
            return q.poll();
        }

        public boolean close() {
            boolean was = closed;
            closed = true;
            return !was;
        }

        public int size() {
            return q.size();
        }
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().sequentialSpecification(Spec.class)
                .iterations(LONG ? 100 : 20).invocationsPerIteration(LONG ? 5_000 : 1_000)
                .threads(2).actorsPerThread(3).actorsBefore(2).actorsAfter(2)
                .check(ChanDropOldestLincheckTest.class);
    }

    @Test
    void stress() {
        new StressOptions().sequentialSpecification(Spec.class)
                .iterations(LONG ? 100 : 20).invocationsPerIteration(LONG ? 20_000 : 2_000)
                .threads(3).actorsPerThread(3).actorsBefore(2).actorsAfter(2)
                .check(ChanDropOldestLincheckTest.class);
    }
}
