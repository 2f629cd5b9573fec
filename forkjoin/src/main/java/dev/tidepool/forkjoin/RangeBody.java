package dev.tidepool.forkjoin;

/** Work on the half-open index range {@code [lo, hi)}. */
@FunctionalInterface
public interface RangeBody {
    /**
     * Does the work of the indices {@code lo} to {@code hi - 1}.
     *
     * @param lo the first index
     * @param hi one past the last index
     */
    void run(int lo, int hi);
}
