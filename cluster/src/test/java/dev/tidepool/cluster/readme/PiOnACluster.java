package dev.tidepool.cluster.readme;

import com.hazelcast.core.HazelcastInstance;
import dev.tidepool.cluster.ClusterRunner;
import dev.tidepool.futures.Fut;
import java.util.ArrayList;
import java.util.List;

public class PiOnACluster {
    /** Pi by the midpoint rule over n steps, one chunk of the range per cluster task. */
    public static double pi(HazelcastInstance hz, int n, int chunks) {
        ClusterRunner cluster = ClusterRunner.create(hz, "tidepool"); // a Hazelcast executor's name
        List<Fut<Double>> parts = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            int lo = (int) ((long) n * c / chunks);
            int hi = (int) ((long) n * (c + 1) / chunks);
            // A serializable lambda: it runs on some member, on that member's Tidepool pool.
            parts.add(cluster.spawn(() -> {
                double step = 1.0 / n;
                double sum = 0;
                for (int i = lo; i < hi; i++) {
                    double x = (i + 0.5) * step;
                    sum += 4.0 / (1.0 + x * x);
                }
                return sum * step;
            }));
        }
        return Fut.all(parts).await().stream().mapToDouble(Double::doubleValue).sum();
    }
}
