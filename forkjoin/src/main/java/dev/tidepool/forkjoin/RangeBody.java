package dev.tidepool.forkjoin;

/** Work on the half-open index range {@code [lo, hi)}. */
@FunctionalInterface
public interface RangeBody {
    void run(int lo, int hi);
}
