package dev.tidepool.cluster;

import dev.tidepool.forkjoin.RangeFunction;
import java.io.Serializable;

/**
 * The result of the indices {@code lo} to {@code hi - 1}, as a function that can travel to a
 * cluster member (a serializable lambda will do).
 *
 * @param <T> type of the partial result (serializable too)
 */
@FunctionalInterface
public interface SerialRange<T> extends RangeFunction<T>, Serializable {}
