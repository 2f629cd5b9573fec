package dev.tidepool.cluster;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task that a cluster member runs: Java-serializable, so that Hazelcast can send it, with its
 * class on every member's class path. On the member it runs as a task of a Tidepool pool, so it
 * may fork-join, await futures, use channels, and check {@code Switch.current()}, which turns off
 * when the submitter's switch does. A task that is also {@code HazelcastInstanceAware} gets its
 * member's instance before it runs.
 *
 * @param <T> type of the result (serializable too)
 */
@FunctionalInterface
public interface ClusterTask<T> extends Callable<T>, Serializable {}
