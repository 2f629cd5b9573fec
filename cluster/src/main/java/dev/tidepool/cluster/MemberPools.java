package dev.tidepool.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import dev.tidepool.runners.WsPool;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The Tidepool pool of each member in this JVM, made when its first task arrives and shut down
 * when the member shuts down. It runs on the JVM's shared core budget, so the tasks of every
 * member in one JVM (tests put three there) share its cores with its other pools.
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
            WsPool pool = WsPool.builder().name("cluster-" + name).build();
            hz.getLifecycleService().addLifecycleListener(e -> {
                if (e.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                    POOLS.remove(name, pool);
                    pool.shutdownNow();
                }
            });
            return pool;
        });
    }
}
