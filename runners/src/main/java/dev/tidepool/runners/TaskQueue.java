package dev.tidepool.runners;

import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * The one kind of unbounded multi-producer multi-consumer queue the runners use (tasks, and the
 * continuations of a budget's virtual threads), made one way.
 *
 * <p>Why no chunk is pooled. JCTools' XADD queue can recycle a consumed chunk for a later part of
 * the queue; in JCTools 4.0.5 (and its main branch as of 2026-11) that recycling loses one element
 * and hands another out twice. A consumer that has claimed slot 0 of a chunk but not yet read it
 * (descheduled between its CAS and its read) leaves the old element in the slot while the chunk
 * is recycled; the consumer that takes slot 0 of the recycled chunk reads the element before it
 * waits for the slot's sequence, so it returns the old element (a duplicate) and then clears the
 * new one (lost). {@code XaddQueueLincheckTest} finds that interleaving with a model checker, and
 * {@code XaddQueueStressTest} runs the pools' access pattern on real threads (with pooled chunks
 * it lost an element in 1 of 4,000 rounds on a loaded machine; without, none). For a pool that is
 * a task that never runs and a future that never settles, or a virtual thread that is never
 * resumed. With no pooled chunk, every chunk is fresh and read only once its element is there;
 * the cost is one chunk allocation per {@link #CHUNK} offers.
 */
final class TaskQueue {
    /**
     * Elements per chunk of JCTools' XADD queue: a chunk is allocated once per this many offers,
     * and a burst of spawns seldom needs more than a few.
     */
    static final int CHUNK = 256;

    private TaskQueue() {}

    /** A new empty queue. */
    static <T> MpmcUnboundedXaddArrayQueue<T> create() {
        return create(CHUNK);
    }

    /** The same queue with chunks of {@code chunk} elements (a model check crosses chunks at every step). */
    static <T> MpmcUnboundedXaddArrayQueue<T> create(int chunk) {
        return new MpmcUnboundedXaddArrayQueue<>(chunk, 0);
    }
}
