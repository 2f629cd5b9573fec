package dev.tidepool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.tidepool.futures.Fut;
import dev.tidepool.testsupport.Conditions;
import dev.tidepool.testsupport.ThreadDumps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A member killed with {@code kill -9} in the middle of a {@link ClusterForkJoin#reduce}, with the
 * reduce submitted by a member of the cluster and by a Hazelcast client (which Hazelcast tells of
 * the loss in another way), with and without retries: with retries the reduce gives the right sum
 * from the members left, without it fails with {@link MemberLostException} naming the killed
 * member; never does it wait past the loss (a reduce still waiting 60 s after the kill fails the
 * test with every thread's stack). Each run starts a member in a JVM of its own, lets it take its
 * part, and kills it: 1 run per case here, 20 with {@code -Dtidepool.runs=long} (and
 * {@code -Djunit.jupiter.execution.timeout.default=1500s}: the runs take about 7 minutes).
 */
class MemberKillTest {
    private static final boolean LONG = "long".equals(System.getProperty("tidepool.runs"));
    private static final int RUNS = LONG ? 20 : 1;
    private static final Duration PAST_THE_LOSS = Duration.ofSeconds(60);
    /** Kept: a logger whose level is set must stay reachable. */
    private static final Logger CLIENT_LOG = Logger.getLogger("com.hazelcast.client");

    static {
        CLIENT_LOG.setLevel(Level.SEVERE); // a client warns about every member it loses: what this test does
    }

    @TempDir
    Path dir;

    /** A range whose every index takes a millisecond on the member that computes it (a sleep: it frees the core). */
    static long slowSum(int lo, int hi) {
        HazelcastInstance me = Hazelcast.getHazelcastInstanceByName(Loopback.memberRunningThis());
        me.getMap("started").put(me.getName(), true);
        long s = 0;
        for (int i = lo; i < hi; i++) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
            s += i;
        }
        return s;
    }

    private static Process startMember(String cluster, String name, int base, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        cmd.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-modules", "java.se",
                "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                MemberProcess.class.getName(), cluster, name, Integer.toString(base), "3"));
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertEquals("ready " + name, line, "member " + name + " started (its log: " + log + ")");
        return p;
    }

    private static HazelcastInstance client(Loopback.Cluster c) {
        ClientConfig cc = new ClientConfig();
        cc.setClusterName(c.name());
        cc.setProperty("hazelcast.logging.type", "jdk");
        cc.setProperty("hazelcast.phone.home.enabled", "false");
        for (int i = 0; i < 3; i++) {
            cc.getNetworkConfig().addAddress("127.0.0.1:" + (c.base() + i));
        }
        return HazelcastClient.newHazelcastClient(cc);
    }

    private static void stop(Process p) throws InterruptedException {
        try {
            p.getOutputStream().close(); // a member process leaves when its stdin ends
        } catch (IOException e) {
            // gone already
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "a {0} submits, retries {1}")
    @CsvSource({"member, 0", "member, 2", "client, 0", "client, 2"})
    void aReduceThatMeetsAKilledMemberEndsWithTheRightOutcome(String submitter, int retries) throws Exception {
        Loopback.Cluster c = Loopback.Cluster.fresh();
        String suffix = c.name().substring(15, 23);
        Process kept = startMember(c.name(), "kept-" + suffix, c.base(), dir.resolve("kept.log"));
        HazelcastInstance member = submitter.equals("member")
                ? Hazelcast.newHazelcastInstance(Loopback.config(c.name(), "local-" + suffix, c.base(), 3)) : null;
        HazelcastInstance hz = member != null ? member : client(c);
        ExecutorService reducer = Executors.newSingleThreadExecutor();
        try {
            ClusterRunner runner = ClusterRunner.create(hz, "tidepool").retries(retries);
            int all = member != null ? 3 : 2; // the kept and the doomed member, and the submitter if it is one
            int n = 3_000;
            long expected = (long) n * (n - 1) / 2;
            for (int run = 0; run < RUNS; run++) {
                String doomedName = "doomed-" + run + "-" + suffix;
                Process doomed = startMember(c.name(), doomedName, c.base(), dir.resolve("doomed-" + run + ".log"));
                try {
                    Conditions.awaitUntil("the submitter sees " + all + " members", () -> hz.getCluster().getMembers().size() == all);
                    Member victim = hz.getCluster().getMembers().stream()
                            .filter(m -> doomedName.equals(m.getAttribute(Loopback.NAME))).findFirst().orElseThrow();
                    hz.getMap("started").clear();
                    Fut<Long> sum = Fut.spawn(reducer, () -> ClusterForkJoin.reduce(runner, n, 50, 0L,
                            MemberKillTest::slowSum, Long::sum));
                    Conditions.awaitUntil("the doomed member computing its part",
                            () -> hz.getMap("started").containsKey(doomedName));
                    doomed.destroyForcibly(); // SIGKILL: no goodbye to the cluster
                    Object outcome;
                    try {
                        outcome = sum.await(PAST_THE_LOSS);
                    } catch (TimeoutException stuck) {
                        fail("run " + run + ": the reduce still waits " + PAST_THE_LOSS.toSeconds() + " s after its member was"
                                + " killed\n" + ThreadDumps.all());
                        return;
                    } catch (RuntimeException e) {
                        outcome = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    }
                    if (retries > 0) {
                        assertEquals(expected, outcome, "run " + run + ": the sum, the lost part computed again elsewhere");
                    } else {
                        MemberLostException e = assertInstanceOf(MemberLostException.class, outcome, "run " + run);
                        assertEquals(String.valueOf(victim.getAddress()), e.member(), e.getMessage());
                    }
                    Conditions.awaitUntil("the submitter sees the others leave", () -> hz.getCluster().getMembers().size() == all - 1);
                } finally {
                    doomed.destroyForcibly();
                }
            }
        } finally {
            reducer.shutdownNow();
            hz.shutdown();
            stop(kept);
        }
    }

    /**
     * A client whose every member died: its pending tasks fail with MemberLostException at once,
     * and so does a task spawned afterwards (Hazelcast alone would retry it for 120 s).
     */
    @Test
    void aClientWhoseMembersAllDiedFailsItsTasksAtOnce() throws Exception {
        Loopback.Cluster c = Loopback.Cluster.fresh();
        String suffix = c.name().substring(15, 23);
        Process a = startMember(c.name(), "a-" + suffix, c.base(), dir.resolve("a.log"));
        Process b = startMember(c.name(), "b-" + suffix, c.base(), dir.resolve("b.log"));
        HazelcastInstance client = client(c);
        try {
            Conditions.awaitUntil("the client sees two members", () -> client.getCluster().getMembers().size() == 2);
            ClusterRunner runner = ClusterRunner.create(client, "tidepool").retries(3);
            List<Fut<Long>> pending = new ArrayList<>();
            for (Member m : client.getCluster().getMembers()) {
                for (int i = 0; i < 2; i++) {
                    pending.add(runner.spawnOn(m, () -> slowSum(0, 60_000)));
                }
            }
            Conditions.awaitUntil("both members computing", () -> client.getMap("started").size() == 2);
            a.destroyForcibly();
            b.destroyForcibly();
            for (Fut<Long> f : pending) {
                Throwable t;
                try {
                    f.await(PAST_THE_LOSS);
                    throw new AssertionError("a task of a dead cluster succeeded");
                } catch (TimeoutException stuck) {
                    throw new AssertionError("still waiting " + PAST_THE_LOSS.toSeconds() + " s after every member died\n"
                            + ThreadDumps.all());
                } catch (RuntimeException e) {
                    t = e;
                }
                assertInstanceOf(MemberLostException.class, t);
            }
            long before = System.nanoTime();
            MemberLostException late = assertInstanceOf(MemberLostException.class,
                    assertThrowsWithin(runner.spawn(() -> 1L)));
            assertEquals("none", late.member(), late.getMessage());
            assertTrue(System.nanoTime() - before < Duration.ofSeconds(10).toNanos(), "the late task failed at once");
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
            client.shutdown();
        }
    }

    private static Throwable assertThrowsWithin(Fut<?> f) {
        try {
            f.await(PAST_THE_LOSS);
        } catch (TimeoutException stuck) {
            throw new AssertionError("still pending after " + PAST_THE_LOSS.toSeconds() + " s\n" + ThreadDumps.all());
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("it succeeded");
    }
}
