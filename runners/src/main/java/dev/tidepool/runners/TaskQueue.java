package dev.tidepool.runners;

import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/** The one kind of unbounded multi-producer multi-consumer queue the runners use, made one way. */
final class TaskQueue {
    /**
     * Elements per chunk of JCTools' XADD queue: a chunk is allocated (or taken from the queue's
     * pool) once per this many offers, and a burst of spawns seldom needs more than a few.
     */
    static final int CHUNK = 256;

    private TaskQueue() {}

    /** A new empty queue. */
    static <T> MpmcUnboundedXaddArrayQueue<T> create() {
        return new MpmcUnboundedXaddArrayQueue<>(CHUNK);
    }
}
