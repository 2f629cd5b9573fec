package dev.tidepool.runners;

import java.util.ArrayDeque;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the JCTools queue behind every pool's external submissions, against a FIFO
 * queue, with chunks of 2 elements and one pooled chunk so that scenarios cross chunk rotation and
 * reuse (the code paths of the queue's past bugs).
 */
public class XaddQueueLincheckTest {
    private final MpmcUnboundedXaddArrayQueue<Integer> queue = new MpmcUnboundedXaddArrayQueue<>(2, 1);

    @Operation
    public boolean offer(int v) {
        return queue.offer(v);
    }

    @Operation
    public Integer poll() {
        return queue.poll();
    }

    /** The sequential specification: a FIFO queue. */
    public static final class Spec {
        private final ArrayDeque<Integer> d = new ArrayDeque<>();

        public boolean offer(int v) {
            return d.offer(v);
        }

        public Integer poll() {
            return d.pollFirst();
        }
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(Runs.LONG ? 200 : 40).invocationsPerIteration(Runs.LONG ? 10_000 : 1_000)
                .threads(3).actorsPerThread(3).actorsBefore(2).actorsAfter(2)
                .sequentialSpecification(Spec.class)
                .check(XaddQueueLincheckTest.class);
    }
}
