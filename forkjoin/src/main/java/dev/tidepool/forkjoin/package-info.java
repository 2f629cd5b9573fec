/**
 * Fork-join inside any task, on any runner: {@link dev.tidepool.forkjoin.ForkJoin} (both halves,
 * ranges, reductions, maps), work-first and nested to any depth, with the range callbacks
 * {@link dev.tidepool.forkjoin.RangeBody} and {@link dev.tidepool.forkjoin.RangeFunction}.
 */
package dev.tidepool.forkjoin;
