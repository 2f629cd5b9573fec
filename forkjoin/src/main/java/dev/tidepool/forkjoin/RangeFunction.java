package dev.tidepool.forkjoin;

/**
 * A partial result for the half-open index range {@code [lo, hi)}.
 *
 * @param <T> type of the result
 */
@FunctionalInterface
public interface RangeFunction<T> {
    /**
     * Computes the result of the indices {@code lo} to {@code hi - 1}.
     *
     * @param lo the first index
     * @param hi one past the last index
     * @return the partial result
     */
    T apply(int lo, int hi);
}
