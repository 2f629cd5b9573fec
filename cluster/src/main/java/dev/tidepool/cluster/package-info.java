/**
 * Tasks that run on the members of a Hazelcast cluster, behind Tidepool futures: {@link
 * dev.tidepool.cluster.ClusterRunner} submits a {@link dev.tidepool.cluster.ClusterTask} through a
 * Hazelcast executor, and the member that takes it runs it on a Tidepool pool of its own.
 */
package dev.tidepool.cluster;
