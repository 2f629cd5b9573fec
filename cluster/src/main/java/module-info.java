/** Tidepool futures and switches over a Hazelcast cluster. */
module dev.tidepool.cluster {
    requires transitive dev.tidepool.forkjoin;
    requires transitive com.hazelcast.core;

    exports dev.tidepool.cluster;
}
