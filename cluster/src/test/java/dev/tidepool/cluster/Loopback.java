package dev.tidepool.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.tidepool.testsupport.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hazelcast members for the tests: on 127.0.0.1 only, joined by TCP/IP (multicast and discovery
 * off), a cluster name of their own (so that two runs on one machine never meet), ports from a
 * random base, no wait before joining, and Hazelcast's own logging at SEVERE: at the end of a
 * test, the members still up warn about each one that left (refused connections, "suspected to
 * be dead"), which says nothing about what the tests check.
 */
final class Loopback {
    /** Kept: a logger whose level is set must stay reachable, or the setting is lost. */
    private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

    static {
        HAZELCAST_LOG.setLevel(Level.SEVERE);
    }

    /** The member attribute that holds the member's instance name. */
    static final String NAME = "tidepool.test.name";

    private Loopback() {}

    /** Starts {@code n} members of one new cluster; they have all joined when it returns. */
    static List<HazelcastInstance> cluster(int n) {
        Cluster fresh = Cluster.fresh();
        String cluster = fresh.name();
        int base = fresh.base();
        List<HazelcastInstance> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(Hazelcast.newHazelcastInstance(config(cluster, "member-" + i + "-" + cluster.substring(15, 23), base, n)));
        }
        awaitSafe(members, n);
        return members;
    }

    /**
     * Shuts the members down one by one, the master (the first) last, each once the others have
     * settled: every leave is then an orderly one, and nobody warns about a lost connection.
     */
    static void shutdown(List<HazelcastInstance> members) {
        List<HazelcastInstance> left = new ArrayList<>(members);
        while (!left.isEmpty()) {
            awaitSafe(left, left.size());
            left.removeLast().shutdown();
        }
    }

    /**
     * Waits until every member sees {@code n} members and no partition is migrating: before it,
     * a key's owner may still change under a test; after it, shutting members down is orderly.
     */
    static void awaitSafe(List<HazelcastInstance> members, int n) {
        Conditions.awaitUntil("a cluster of " + n + " members with no partition migrating",
                () -> members.stream().allMatch(m -> m.getCluster().getMembers().size() == n
                        && m.getPartitionService().isClusterSafe()));
    }

    /** A fresh cluster name and port base: what {@link #config} needs for a new cluster. */
    record Cluster(String name, int base) {
        static Cluster fresh() {
            return new Cluster("tidepool-test-" + UUID.randomUUID(), 20_000 + ThreadLocalRandom.current().nextInt(20_000));
        }
    }

    /** The configuration of member {@code name} of a cluster of {@code n} on ports from {@code base}. */
    static Config config(String cluster, String name, int base, int n) {
        Config c = new Config();
        c.setClusterName(cluster);
        c.setInstanceName(name);
        c.getMemberAttributeConfig().setAttribute(NAME, name); // so that a Member says which instance it is
        c.setProperty("hazelcast.logging.type", "jdk");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        c.setProperty("hazelcast.socket.bind.any", "false");
        // A member killed with kill -9 is declared gone within seconds, not the default minute.
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(base).setPortAutoIncrement(true).setPortCount(n + 10);
        net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int i = 0; i < n; i++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + (base + i));
        }
        return c;
    }

    /** The name of the member (instance) whose Tidepool pool runs the calling task. */
    static String memberRunningThis() {
        String thread = Thread.currentThread().getName(); // "cluster-<instance>.worker.<n>"
        if (!thread.startsWith("cluster-") || !thread.contains(".worker.")) {
            throw new IllegalStateException("not on a member's Tidepool pool: " + thread);
        }
        return thread.substring("cluster-".length(), thread.indexOf(".worker."));
    }
}
