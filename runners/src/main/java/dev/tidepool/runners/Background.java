package dev.tidepool.runners;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One platform thread outside every core budget that runs its tasks one at a time, in submission
 * order: the place for blocking work the JVM cannot unmount from a core (file I/O, JNI calls), so
 * that it never occupies a carrier. A task that awaits a future blocks this thread, so a task must
 * not await work queued behind it on the same runner; {@link #runWaitBlock} on its own runner throws.
 *
 * <p>Memory consistency: as stated by {@link Runner}; each task also happens-before the next one.
 */
public final class Background extends Pool {
    /*
     * Implementation overview: a Pool with one slot held by a platform daemon thread and one
     * FifoQueue. A suspended task does not hand its slot over (that would break the task order), and no
     * budget compensates for it; parking, idling and shutdown are Pool's.
     */
    private static final AtomicInteger IDS = new AtomicInteger();


    private Background(String name) {
        super(name, 1, 1, null, new FifoQueue(), PoolHooks.NONE, 0);
    }

    /**
     * A new background runner; its thread is named {@code <name>.worker.0}.
     *
     * @param name the runner's name
     * @return the started runner
     */
    public static Background create(String name) {
        return new Background(Objects.requireNonNull(name, "name")).start();
    }

    /**
     * A new background runner with a generated name.
     *
     * @return the started runner
     */
    public static Background create() {
        return new Background("background-" + IDS.incrementAndGet()).start();
    }
}
