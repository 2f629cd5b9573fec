package dev.tidepool.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.WsPool;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The Tidepool pool of each member in this JVM, made when its first task arrives and shut down
 * when the member shuts down. Its core budget is the JVM's shared one, unless the member has the
 * attribute {@value ClusterRunner#CORES_ATTRIBUTE}: then a budget of that many cores of its own
 * (closed with the member).
 *
 * <p>Memory ordering: the map is concurrent; {@code computeIfAbsent} makes one pool per member
 * even when its first tasks arrive together.
 */
final class MemberPools {
    private static final ConcurrentMap<String, WsPool> POOLS = new ConcurrentHashMap<>();

    private MemberPools() {}

    /** The pool of member {@code hz}. */
    static WsPool of(HazelcastInstance hz) {
        return POOLS.computeIfAbsent(hz.getName(), name -> {
            int cores = cores(hz);
            CoreBudget budget = cores > 0 ? CoreBudget.of(cores) : CoreBudget.shared();
            WsPool pool = WsPool.builder().name("cluster-" + name).budget(budget).build();
            hz.getLifecycleService().addLifecycleListener(e -> {
                if (e.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                    POOLS.remove(name, pool);
                    pool.shutdownNow();
                    // A budget of its own closes once its pool has ended (a task stuck past this
                    // wait keeps the budget's carriers: they exit on their own once it is unused).
                    if (budget != CoreBudget.shared() && awaitEnd(pool)) {
                        budget.close();
                    }
                }
            });
            return pool;
        });
    }

    private static boolean awaitEnd(WsPool pool) {
        try {
            return pool.awaitTermination(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The cores member {@code hz} gives its Tidepool pool: its attribute, else the JVM's shared budget's. */
    static int coresOf(HazelcastInstance hz) {
        int cores = cores(hz);
        return cores > 0 ? cores : CoreBudget.shared().cores();
    }

    private static int cores(HazelcastInstance hz) {
        String a = hz.getCluster().getLocalMember().getAttribute(ClusterRunner.CORES_ATTRIBUTE);
        if (a == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(a.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("member attribute " + ClusterRunner.CORES_ATTRIBUTE
                + " must be a whole number of cores, at least 1: '" + a + "'");
    }
}
