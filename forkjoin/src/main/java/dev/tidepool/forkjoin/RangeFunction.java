package dev.tidepool.forkjoin;

/**
 * A partial result for the half-open index range {@code [lo, hi)}.
 *
 * @param <T> type of the result
 */
@FunctionalInterface
public interface RangeFunction<T> {
    T apply(int lo, int hi);
}
