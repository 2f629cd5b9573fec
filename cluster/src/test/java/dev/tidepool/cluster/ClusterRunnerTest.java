package dev.tidepool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.WsPool;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real three-member Hazelcast cluster on 127.0.0.1, in this JVM: tasks run on each member's
 * Tidepool pool, a Tidepool task awaits them without holding its worker, placement by member and
 * by key owner, switches, and bad input.
 */
class ClusterRunnerTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** Counted by the tasks of the switch test, which run in this JVM's members. */
    private static final CountDownLatch STARTED = new CountDownLatch(1);
    private static final CountDownLatch SAW_OFF = new CountDownLatch(1);

    private static List<HazelcastInstance> members;
    private static ClusterRunner runner;

    @BeforeAll
    static void startCluster() {
        members = Loopback.cluster(3);
        runner = ClusterRunner.create(members.get(0), "tidepool");
    }

    @AfterAll
    static void stopCluster() {
        if (members != null) {
            Loopback.shutdown(members);
        }
    }

    private static <T> T await(Fut<T> f) {
        try {
            return f.await(LIMIT);
        } catch (TimeoutException e) {
            throw new AssertionError("a cluster task still pending after " + LIMIT, e);
        }
    }

    private static String nameOf(Member m) {
        return members.stream().filter(h -> h.getCluster().getLocalMember().getUuid().equals(m.getUuid()))
                .findFirst().orElseThrow().getName();
    }

    @Test
    void theClusterHasThreeMembersAndEachRunsTasksOnItsOwnTidepoolPool() {
        assertEquals(3, runner.members().size(), runner.members().toString());
        for (Member m : runner.members()) {
            assertEquals(nameOf(m), await(runner.spawnOn(m, Loopback::memberRunningThis)), m.toString());
        }
    }

    @Test
    void aTidepoolTaskAwaitsClusterTasksWithoutHoldingItsWorker() {
        try (WsPool local = WsPool.builder().name("submitter").threads(1).build()) {
            // One worker, ten tasks each awaiting a remote result: only suspension lets them all wait.
            List<Fut<Long>> fs = IntStream.range(0, 10).mapToObj(i -> local.spawn(() -> {
                long n = i;
                return runner.spawn(() -> n * n).await() + 1;
            })).toList();
            for (int i = 0; i < 10; i++) {
                assertEquals((long) i * i + 1, await(fs.get(i)));
            }
        }
    }

    @Test
    void allCollectsTheResultsOfManyTasksInOrder() {
        List<Fut<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int x = i;
            fs.add(runner.spawn(() -> x + 1));
        }
        assertEquals(IntStream.rangeClosed(1, 30).boxed().toList(), await(Fut.all(fs)));
    }

    @Test
    void aTaskForAKeyRunsOnTheOwnerOfItsPartition() {
        HazelcastInstance hz = members.get(0);
        Map<String, Integer> perMember = new HashMap<>();
        for (int k = 0; k < 30; k++) {
            String key = "key-" + k;
            String owner = nameOf(hz.getPartitionService().getPartition(key).getOwner());
            String ran = await(runner.spawnOnKeyOwner(key, Loopback::memberRunningThis));
            assertEquals(owner, ran, key);
            perMember.merge(ran, 1, Integer::sum);
        }
        assertTrue(perMember.size() >= 2, "30 keys are owned by more than one member: " + perMember);
    }

    @Test
    void aSwitchTurnedOffFailsTheFutureAndStopsTheTaskOnItsMember() throws InterruptedException {
        try (Switch sw = Switch.create()) {
            Fut<Integer> f = runner.spawn(sw, () -> {
                STARTED.countDown();
                Switch mine = Switch.current().orElseThrow(); // the member-side switch of this task
                while (!mine.isOff()) {
                    Thread.onSpinWait();
                }
                SAW_OFF.countDown();
                return 1;
            });
            assertTrue(STARTED.await(LIMIT.toSeconds(), TimeUnit.SECONDS), "the task started on its member");
            sw.turnOff();
            assertInstanceOf(SwitchOffException.class, assertThrows(RuntimeException.class, () -> await(f)));
            assertTrue(SAW_OFF.await(LIMIT.toSeconds(), TimeUnit.SECONDS), "the task saw its switch turn off");
        }
    }

    /** Members seen by the chunks of the reduce test, which run in this JVM's members. */
    private static final java.util.Set<String> REDUCED_ON = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Test
    void clusterForkJoinReduceGivesTheLocalResultWithEveryMemberComputing() {
        int n = 1_000_000;
        SerialRange<Long> sum = (lo, hi) -> {
            REDUCED_ON.add(Loopback.memberRunningThis());
            long s = 0;
            for (int i = lo; i < hi; i++) {
                s += i;
            }
            return s;
        };
        assertEquals((long) n * (n - 1) / 2, ClusterForkJoin.reduce(runner, n, 10_000, 0L, sum, Long::sum));
        assertEquals(3, REDUCED_ON.size(), "every member computed a part: " + REDUCED_ON);
        assertEquals(0L, ClusterForkJoin.reduce(runner, 0, 10, 0L, sum, Long::sum));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ClusterForkJoin.reduce(runner, -1, 10, 0L, sum, Long::sum));
        assertEquals("n must be at least 0: -1", bad.getMessage());
        SerialRange<Double> pi = (lo, hi) -> {
            double s = 0;
            for (int i = lo; i < hi; i++) {
                double x = (i + 0.5) / n;
                s += 4.0 / (1.0 + x * x);
            }
            return s / n;
        };
        try (WsPool local = WsPool.builder().name("reducer").threads(1).build()) {
            // From a Tidepool task: its wait for the members suspends it.
            double onCluster = await(local.spawn(() -> ClusterForkJoin.reduce(runner, n, 10_000, 0.0, pi, Double::sum)));
            assertEquals(Math.PI, onCluster, 1e-9);
        }
    }

    /** Says how many cores its member gives Tidepool, as ClusterForkJoin asks it. */
    private static final class Cores implements ClusterTask<Integer>, com.hazelcast.core.HazelcastInstanceAware {
        private static final long serialVersionUID = 1L;
        private transient HazelcastInstance member;

        @Override
        public void setHazelcastInstance(HazelcastInstance hz) {
            member = hz;
        }

        @Override
        public Integer call() {
            return MemberPools.coresOf(member);
        }
    }

    @Test
    void aMembersCoresAttributeSizesItsTidepoolPool() {
        com.hazelcast.config.Config c = Loopback.config("tidepool-test-cores-" + java.util.UUID.randomUUID(),
                "cores-" + System.nanoTime(), 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000), 1);
        c.getMemberAttributeConfig().setAttribute(ClusterRunner.CORES_ATTRIBUTE, "1");
        HazelcastInstance one = com.hazelcast.core.Hazelcast.newHazelcastInstance(c);
        try {
            ClusterRunner r = ClusterRunner.create(one, "tidepool");
            assertEquals(1, await(r.spawn(new Cores())), "a task that is HazelcastInstanceAware gets its member");
            String pool = await(r.spawn(() -> dev.tidepool.runners.Runner.current().orElseThrow().toString()));
            assertTrue(pool.contains(", 1 workers,"), "the member's pool has one worker: " + pool);
        } finally {
            one.shutdown();
        }
    }

    @Test
    void aTaskThatThrowsFailsItsFutureWithItsException() {
        Fut<Integer> f = runner.spawn(() -> {
            throw new IllegalStateException("boom on a member");
        });
        RuntimeException e = assertThrows(RuntimeException.class, () -> await(f));
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("boom on a member"), e.getMessage());
    }

    @Test
    void aTaskThatCannotBeSentIsRefusedAtTheCallNamingIt() {
        Object notSerializable = new Object();
        ClusterTask<Integer> task = () -> notSerializable.hashCode();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runner.spawn(task));
        assertTrue(e.getMessage().startsWith("cluster task " + task.getClass().getName() + " cannot be sent"), e.getMessage());
    }

    @Test
    void aRunnerWhoseInstanceShutDownRefusesTasksAtTheCall() {
        HazelcastInstance alone = Loopback.cluster(1).getFirst();
        ClusterRunner r = ClusterRunner.create(alone, "tidepool");
        assertEquals(7, await(r.spawn(() -> 7)));
        alone.shutdown();
        RejectedExecutionException e = assertThrows(RejectedExecutionException.class, () -> r.spawn(() -> 8));
        assertEquals("cluster runner: Hazelcast instance " + alone.getName() + " is shut down", e.getMessage());
    }
}
