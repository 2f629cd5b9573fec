package dev.tidepool.futures;

/**
 * The two results of a pair of computations run side by side.
 *
 * @param left  the result of the first computation
 * @param right the result of the second computation
 * @param <A>   type of the first result
 * @param <B>   type of the second result
 */
public record Both<A, B>(A left, B right) {}
