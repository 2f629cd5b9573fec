package dev.tidepool.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;

/**
 * A cluster member in a JVM of its own, for the tests: joins the cluster its arguments name
 * (cluster name, member name, port base, cluster size), prints "ready", and runs until its stdin
 * ends (or it is killed).
 */
public final class MemberProcess {
    private MemberProcess() {}

    /**
     * Runs the member.
     *
     * @param args cluster name, member name, port base, cluster size
     * @throws IOException if stdin cannot be read
     */
    public static void main(String[] args) throws IOException {
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(
                Loopback.config(args[0], args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3])));
        System.out.println("ready " + hz.getName());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the parent closes stdin or dies
        }
        hz.shutdown();
        System.exit(0);
    }
}
