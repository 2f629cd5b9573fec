package dev.tidepool.runners;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the queue of a FIFO pool (the JCTools MPMC queue behind {@link FifoQueue}),
 * through the pool's own queueing methods: submissions from any thread, workers' polls, and the
 * emptiness check that idling workers rely on (a worker must never see an empty queue after a
 * submission completed and before anyone polled it). No worker runs, so only the test's threads
 * touch the queue.
 */
public class FifoQueueLincheckTest {
    private final FifoQueue pool = new FifoQueue();

    public record Task(int id) implements Runnable {
        @Override
        public void run() {}
    }

    @Operation
    public void submit(int id) {
        pool.pushExternal(new Task(id));
    }

    @Operation
    public Integer poll() {
        Runnable r = pool.poll(null, null);
        return r == null ? null : ((Task) r).id();
    }

    @Operation
    public boolean hasQueuedWork() {
        return pool.hasQueuedWork();
    }

    /** The sequential specification: a FIFO queue. */
    public static final class Spec {
        private final ArrayDeque<Integer> q = new ArrayDeque<>();

        public void submit(int id) {
            q.addLast(id);
        }

        public Integer poll() {
            return q.pollFirst();
        }

        public boolean hasQueuedWork() {
            return !q.isEmpty();
        }
    }

    @Test
    void modelChecking() {
        Runs.modelChecking().sequentialSpecification(Spec.class)
                .check(FifoQueueLincheckTest.class);
    }

    @Test
    void stress() {
        Runs.stress().sequentialSpecification(Spec.class)
                .check(FifoQueueLincheckTest.class);
    }
}
