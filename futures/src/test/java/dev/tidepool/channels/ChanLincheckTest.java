package dev.tidepool.channels;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of a bounded channel's operations that never wait (trySend, tryReceive, close,
 * close with a cause, cancel, and the state queries) against a sequential bounded queue that can
 * be closed, under Lincheck's model checker and its stress mode; {@link ChanDropOldestLincheckTest}
 * does the same for a drop-oldest channel. The waiting operations are model-checked in {@link ChanWaitModelTest} and
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
    public boolean close() {
        return chan.close();
    }

    @Operation
    public boolean closeWithCause() {
        return chan.close(CAUSE);
    }

    @Operation
    public String cancel() {
        return chan.cancel().toString();
    }

    @Operation
    public boolean isClosedForSend() {
        return chan.isClosedForSend();
    }

    @Operation
    public boolean isClosedForReceive() {
        return chan.isClosedForReceive();
    }

    @Operation
    public int size() {
        return chan.size();
    }

    @Operation
    public boolean isEmpty() {
        return chan.isEmpty();
    }

    /**
     * What a receive that does not wait reports: a value, the end and its kind, or "empty" (a
     * select with an onReceiveCatching case and orElse: one atomic step).
     */
    @Operation
    public String receiveOrEnd() {
        return Chan.<String>select().onReceiveCatching(chan, r -> switch (r) {
            case Received.Value<Integer>(Integer v) -> v.toString();
            case Received.Closed<Integer>(Throwable cause) -> cause == null ? "end" : cause == CAUSE ? "failed" : "cancelled";
        }).orElse(() -> "empty").await();
    }

    private static final IllegalStateException CAUSE = new IllegalStateException("closed with a cause");

    /** The sequential specification: a bounded FIFO queue that refuses new values once closed. */
    public static final class Spec {
        private final ArrayDeque<Integer> q = new ArrayDeque<>();
        private String closed; // null while open, else "end", "failed" or "cancelled"

        public String trySend(int v) {
            if (closed != null) {
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

        public boolean close() {
            return end("end");
        }

        public boolean closeWithCause() {
            return end("failed");
        }

        private boolean end(String how) {
            if (closed != null) {
                return false;
            }
            closed = how;
            return true;
        }

        public String cancel() {
            String dropped = "cancelled".equals(closed) ? "[]" : q.toString();
            q.clear();
            closed = "cancelled";
            return dropped;
        }

        public boolean isClosedForSend() {
            return closed != null;
        }

        public boolean isClosedForReceive() {
            return closed != null && q.isEmpty();
        }

        public int size() {
            return q.size();
        }

        public boolean isEmpty() {
            return q.isEmpty();
        }

        public String receiveOrEnd() {
            if (!q.isEmpty()) {
                return q.poll().toString();
            }
            return closed == null ? "empty" : closed;
        }
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().sequentialSpecification(Spec.class)
                .iterations(LONG ? 100 : 20).invocationsPerIteration(LONG ? 5_000 : 1_000)
                .threads(2).actorsPerThread(3).actorsBefore(2).actorsAfter(2)
                .check(ChanLincheckTest.class);
    }

    @Test
    void stress() {
        new StressOptions().sequentialSpecification(Spec.class)
                .iterations(LONG ? 100 : 20).invocationsPerIteration(LONG ? 20_000 : 2_000)
                .threads(3).actorsPerThread(3).actorsBefore(2).actorsAfter(2)
                .check(ChanLincheckTest.class);
    }
}
