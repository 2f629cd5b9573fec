package dev.tidepool.cluster.readme;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;

public class PiFromAClient {
    /** Pi computed by members started with ./tidepool-cluster member, reached as a Hazelcast client. */
    public static double pi(String clusterName, String... members) {
        ClientConfig cc = new ClientConfig();
        cc.setClusterName(clusterName);                      // the members' --cluster-name (default: tidepool)
        cc.getNetworkConfig().addAddress(members);           // "127.0.0.1:5701", ...: any one of them will do
        HazelcastInstance client = HazelcastClient.newHazelcastClient(cc);
        try {
            return PiOnACluster.pi(client, 10_000_000, 8);   // its classes are on the members' --class-path
        } finally {
            client.shutdown();
        }
    }
}
