package dev.tidepool.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Fut;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fork-join over a cluster: a range is cut into one contiguous part per member, sized by the
 * member's cores, and each member reduces its part with {@link ForkJoin#reduce} on its own
 * Tidepool pool (pi over a cluster). The parts' results are combined here, in index order.
 */
public final class ClusterForkJoin {
    /** Cores of each member, by its UUID, asked once per member. */
    private static final Map<UUID, Integer> CORES = new ConcurrentHashMap<>();

    private ClusterForkJoin() {}

    /**
     * Combines the results of {@code body} over chunks of {@code [0, n)} on the members of
     * {@code cluster}: the same result as {@code ForkJoin.reduce(n, chunkSize, identity, body,
     * combine)} in this JVM (for an associative {@code combine}), computed by every member. Inside a
     * Tidepool task, the wait for the members suspends the task.
     *
     * @param cluster the members to use (all those it has now)
     * @param n the size of the range {@code [0, n)}
     * @param chunkSize the largest chunk given to one call of {@code body}
     * @param identity the result of an empty range (serializable)
     * @param body the result of one chunk {@code [lo, hi)}
     * @param combine joins the results of two adjacent parts, left first
     * @param <T> type of the result (serializable)
     * @return the combined result of every chunk
     * @throws IllegalArgumentException if {@code n < 0} or {@code chunkSize < 1}
     */
    public static <T extends Serializable> T reduce(ClusterRunner cluster, int n, int chunkSize, T identity,
            SerialRange<? extends T> body, SerialCombine<T> combine) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(combine, "combine");
        if (n < 0) {
            throw new IllegalArgumentException("n must be at least 0: " + n);
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1: " + chunkSize);
        }
        List<Member> members = new ArrayList<>(cluster.members());
        int[] cores = cores(cluster, members);
        long total = 0;
        for (int c : cores) {
            total += c;
        }
        List<Fut<T>> parts = new ArrayList<>();
        long done = 0;
        int lo = 0;
        for (int i = 0; i < members.size(); i++) {
            done += cores[i];
            int hi = (int) (n * done / total); // the last part ends at n exactly
            if (hi > lo) {
                int from = lo;
                int size = hi - lo;
                parts.add(cluster.spawnOn(members.get(i), () -> ForkJoin.reduce(size, chunkSize, identity,
                        (a, b) -> body.apply(from + a, from + b), combine)));
            }
            lo = hi;
        }
        T result = identity;
        for (Fut<T> p : parts) {
            result = combine.apply(result, p.await());
        }
        return result;
    }

    /** Asks a member how many cores its Tidepool pool has. */
    private static final class CoresProbe implements ClusterTask<Integer>, HazelcastInstanceAware {
        static final CoresProbe INSTANCE = new CoresProbe();
        private static final long serialVersionUID = 1L;
        private transient HazelcastInstance member;

        @Override
        public void setHazelcastInstance(HazelcastInstance hz) {
            this.member = hz;
        }

        @Override
        public Integer call() {
            return member == null ? dev.tidepool.runners.CoreBudget.shared().cores() : MemberPools.coresOf(member);
        }
    }

    /** The cores of each member's Tidepool budget, asked of each member once (all at once). */
    private static int[] cores(ClusterRunner cluster, List<Member> members) {
        List<Fut<Integer>> asked = new ArrayList<>();
        for (Member m : members) {
            asked.add(CORES.containsKey(m.getUuid()) ? null : cluster.spawnOn(m, CoresProbe.INSTANCE));
        }
        int[] cores = new int[members.size()];
        for (int i = 0; i < cores.length; i++) {
            Fut<Integer> f = asked.get(i);
            UUID id = members.get(i).getUuid();
            cores[i] = f == null ? CORES.get(id) : f.await();
            CORES.putIfAbsent(id, cores[i]);
        }
        return cores;
    }
}
