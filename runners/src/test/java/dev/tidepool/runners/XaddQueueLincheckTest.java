package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of JCTools' XADD queue, the queue behind every pool's tasks and every budget's
 * continuations, against a FIFO queue, model-checked with chunks of one element so that every
 * operation crosses a chunk boundary.
 *
 * <p>As {@link TaskQueue} makes it (no pooled chunk), it is linearizable. With one pooled chunk
 * the model checker finds, in a few seconds, the interleaving that lost the pools' tasks: a
 * consumer claims slot 0 of a pooled chunk and is switched out before it reads it; the chunk is
 * recycled for a later index; the consumer that takes slot 0 there reads the old element before it
 * waits for the slot's new sequence, returns it (the first consumer returns it too) and clears the
 * element that a producer wrote meanwhile. That test stays as a canary: it fails once a JCTools
 * release fixes the recycling, and {@link TaskQueue} may pool chunks again.
 */
public class XaddQueueLincheckTest {
    /** The operations, on a queue chosen by a subclass. */
    public abstract static class Ops {
        private final MpmcUnboundedXaddArrayQueue<Integer> queue;

        Ops(MpmcUnboundedXaddArrayQueue<Integer> queue) {
            this.queue = queue;
        }

        @Operation
        public boolean offer(int v) {
            return queue.offer(v);
        }

        @Operation
        public Integer poll() {
            return queue.poll();
        }
    }

    /** The queue as the runners make it, with one-element chunks. */
    public static final class Unpooled extends Ops {
        public Unpooled() {
            super(TaskQueue.create(1));
        }
    }

    /** One-element chunks, one of them pooled (JCTools' recycling, which TaskQueue avoids). */
    public static final class Pooled extends Ops {
        public Pooled() {
            super(new MpmcUnboundedXaddArrayQueue<>(1, 1));
        }
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

    private static ModelCheckingOptions options(int iterations, int invocations) {
        return new ModelCheckingOptions().iterations(iterations).invocationsPerIteration(invocations)
                .threads(3).actorsPerThread(3).actorsBefore(2).actorsAfter(2)
                .sequentialSpecification(Spec.class);
    }

    @Test
    void theQueueAsTheRunnersMakeItIsLinearizable() {
        options(Runs.LONG ? 200 : 40, Runs.LONG ? 10_000 : 1_000).check(Unpooled.class);
    }

    @Test
    void withPooledChunksTheModelCheckerFindsAnElementHandedOutTwice() {
        AssertionError found = assertThrows(AssertionError.class,
                () -> options(40, 1_000).minimizeFailedScenario(false).check(Pooled.class),
                "JCTools' pooled chunks passed the model check: its recycling may be fixed, and TaskQueue may pool chunks again");
        assertTrue(found.getMessage().contains("Invalid execution results"), found.getMessage());
    }
}
