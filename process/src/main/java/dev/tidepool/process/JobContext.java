package dev.tidepool.process;

/**
 * What a running {@link Job} can tell its parent (each {@code progress} call is one progress
 * frame), and whether the parent stopped it.
 */
public interface JobContext {
    /**
     * Whether the parent stopped this job (its time limit passed, or its switch turned off). The
     * job runs under a switch of its own that turns off at the same moment, so
     * {@code Switch.current()} and the switch-aware waits of Tidepool (channels, {@code await})
     * see it too. A job that returns soon after (within the pool's stop grace) leaves its process
     * to run the next jobs; otherwise the process is killed. Its future has failed already.
     *
     * @return true once the job was stopped
     */
    boolean isCancelled();

    /**
     * Reports progress as text (the parent's progress callback receives it).
     *
     * @param message what the job is doing
     */
    void progress(String message);

    /**
     * Reports progress as a fraction done.
     *
     * @param fraction from 0 to 1
     */
    void progress(double fraction);
}
