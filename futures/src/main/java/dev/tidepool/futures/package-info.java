/**
 * Futures that any task can await without holding an OS thread: {@link dev.tidepool.futures.Fut}
 * (spawning, awaiting, combinators), {@link dev.tidepool.futures.Promise} (a future completed by
 * hand), {@link dev.tidepool.futures.Both} (a pair of results) and
 * {@link dev.tidepool.futures.Outcome} (a settled value or failure).
 */
package dev.tidepool.futures;
