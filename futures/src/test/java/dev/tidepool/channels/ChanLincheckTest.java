package dev.tidepool.channels;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of a bounded channel's operations that never wait (trySend, tryReceive, close,
 * isClosed) against a sequential bounded queue that can be closed, under Lincheck's model checker
 * and its stress mode. The waiting operations are model-checked in {@link ChanWaitModelTest} and
 * run on real pools in the forkjoin module ({@code ChanOnPoolsTest}). A short run by default, a long one with {@code -Dtidepool.runs=long}.
 */
public class ChanLincheckTest {
    private static final boolean LONG = "long".equals(System.getProperty("tidepool.runs"));
    private static final int CAPACITY = 2;

    private final Chan<Integer> chan = Chan.bounded("checked", CAPACITY);

    @Operation
    public String trySend(int v) {
        try {
            return chan.trySend(v) ? "sent" : "full";
        } catch (ChannelClosedException e) {
            return "closed";
        }
    }

    @Operation
    public Integer tryReceive() {
        return chan.tryReceive();
    }

    @Operation
    public void close() {
        chan.close();
    }

    @Operation
    public boolean isClosed() {
        return chan.isClosed();
    }

    /** The sequential specification: a bounded FIFO queue that refuses new values once closed. */
    public static final class Spec {
        private final ArrayDeque<Integer> q = new ArrayDeque<>();
        private boolean closed;

        public String trySend(int v) {
            if (closed) {
                return "closed";
            }
            if (q.size() == CAPACITY) {
                return "full";
            }
            q.add(v);
            return "sent";
        }

        public Integer tryReceive() {
            return q.poll();
        }

        public void close() {
            closed = true;
        }

        public boolean isClosed() {
            return closed;
        }
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().sequentialSpecification(Spec.class)
                .iterations(LONG ? 100 : 30).invocationsPerIteration(LONG ? 5_000 : 1_000)
                .threads(2).actorsPerThread(3).actorsBefore(2).actorsAfter(2)
                .check(ChanLincheckTest.class);
    }

    @Test
    void stress() {
        new StressOptions().sequentialSpecification(Spec.class)
                .iterations(LONG ? 100 : 30).invocationsPerIteration(LONG ? 20_000 : 2_000)
                .threads(3).actorsPerThread(3).actorsBefore(2).actorsAfter(2)
                .check(ChanLincheckTest.class);
    }
}
