package dev.tidepool.process;

/** What a running {@link Job} can tell its parent; each call is one progress frame. */
public interface JobContext {
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
