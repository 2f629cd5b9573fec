package dev.tidepool.cluster;

import java.io.Serializable;
import java.util.function.BinaryOperator;

/**
 * Joins the results of two adjacent parts, left first, and can travel to a cluster member (a
 * serializable lambda or method reference will do). It must be associative.
 *
 * @param <T> type of the results
 */
@FunctionalInterface
public interface SerialCombine<T> extends BinaryOperator<T>, Serializable {}
