package dev.tidepool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.hazelcast.core.HazelcastInstance;
import dev.tidepool.cluster.readme.PiFromAClient;
import dev.tidepool.cluster.readme.PiOnACluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's cluster snippet computes pi on a real two-member cluster on 127.0.0.1. */
class ReadmeClusterTest {
    @Test
    void theSnippetComputesPiOnTwoMembers() {
        List<HazelcastInstance> members = Loopback.cluster(2);
        try {
            assertEquals(Math.PI, PiOnACluster.pi(members.getFirst(), 1_000_000, 8), 1e-9);
        } finally {
            Loopback.shutdown(members);
        }
    }

    @Test
    void theClientSnippetComputesPiThroughAClient() {
        List<HazelcastInstance> members = Loopback.cluster(2);
        try {
            String address = members.getFirst().getCluster().getLocalMember().getAddress().getHost() + ":"
                    + members.getFirst().getCluster().getLocalMember().getAddress().getPort();
            assertEquals(Math.PI, PiFromAClient.pi(members.getFirst().getConfig().getClusterName(), address), 1e-9);
        } finally {
            Loopback.shutdown(members);
        }
    }
}
