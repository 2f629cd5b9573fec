package dev.tidepool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.tidepool.futures.Fut;
import dev.tidepool.testsupport.Conditions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two members in JVMs of their own, next to one in this JVM; one is killed with {@code kill -9}
 * while it runs tasks: those fail with {@link MemberLostException} naming it, a task of a runner
 * with retries runs again on another member, the other member's tasks are untouched, and no
 * future stays pending.
 */
class MemberLossTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static <T> T await(Fut<T> f) {
        try {
            return f.await(LIMIT);
        } catch (TimeoutException e) {
            throw new AssertionError("a cluster task still pending after " + LIMIT, e);
        }
    }

    /** Runs on member {@code doomed} for ever (after saying so in the "started" map); elsewhere returns at once. */
    private static ClusterTask<String> blockingOn(String doomed, String id) {
        return () -> {
            String me = Loopback.memberRunningThis();
            if (me.equals(doomed)) {
                Hazelcast.getHazelcastInstanceByName(me).getMap("started").put(id, me);
                new CountDownLatch(1).await(); // until the process dies
            }
            return me;
        };
    }

    private static Process startMember(String cluster, String name, int base, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow()));
        cmd.addAll(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-modules", "java.se",
                "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                MemberProcess.class.getName(), cluster, name, Integer.toString(base), "3"));
        return new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    }

    private static void awaitReady(Process p, String name) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine(); // the child prints "ready" once it has joined, or dies (null)
        assertEquals("ready " + name, line, "member " + name + " started");
    }

    @Test
    void aMemberKilledMidTaskFailsItsTasksAndRetriedTasksRunElsewhere(@TempDir Path dir) throws Exception {
        Loopback.Cluster c = Loopback.Cluster.fresh();
        String suffix = c.name().substring(15, 23);
        HazelcastInstance local = Hazelcast.newHazelcastInstance(Loopback.config(c.name(), "local-" + suffix, c.base(), 3));
        String aName = "doomed-" + suffix;
        String bName = "kept-" + suffix;
        Process a = startMember(c.name(), aName, c.base(), dir.resolve("a.log"));
        Process b = startMember(c.name(), bName, c.base(), dir.resolve("b.log"));
        try {
            awaitReady(a, aName);
            awaitReady(b, bName);
            Conditions.awaitUntil("three members, partitions settled", () -> local.getCluster().getMembers().size() == 3
                    && local.getPartitionService().isClusterSafe());
            Member doomed = member(local, aName);
            Member kept = member(local, bName);
            ClusterRunner runner = ClusterRunner.create(local, "tidepool");

            List<Fut<String>> lost = List.of(runner.spawnOn(doomed, blockingOn(aName, "lost-1")),
                    runner.spawnOn(doomed, blockingOn(aName, "lost-2")));
            Fut<String> retried = runner.retries(1).spawnOn(doomed, blockingOn(aName, "retried"));
            assertEquals(bName, await(runner.spawnOn(kept, blockingOn(aName, "kept"))));
            Conditions.awaitUntil("three tasks running on the doomed member", () -> local.getMap("started").size() == 3);

            a.destroyForcibly(); // SIGKILL: no goodbye to the cluster
            for (Fut<String> f : lost) {
                MemberLostException e = assertInstanceOf(MemberLostException.class,
                        assertThrows(RuntimeException.class, () -> await(f)));
                assertEquals(String.valueOf(doomed.getAddress()), e.member(), e.getMessage());
            }
            String ranOn = await(retried);
            assertNotEquals(aName, ranOn, "the retried task ran again, on another member");
            assertEquals(bName, await(runner.spawnOn(kept, Loopback::memberRunningThis)), "the kept member goes on");
            assertEquals(2, local.getCluster().getMembers().size());
        } finally {
            a.destroyForcibly();
            b.getOutputStream().close(); // it shuts down when its stdin ends
            if (!b.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                b.destroyForcibly();
            }
            local.shutdown();
        }
    }

    /**
     * A member started by Hazelcast's own main class, with Tidepool on its class path but not
     * these tests: a task whose class is one of the tests' fails on its future, naming the class.
     */
    @Test
    void aTaskWhoseClassIsMissingOnItsMemberFailsNamingTheClass(@TempDir Path dir) throws Exception {
        Loopback.Cluster c = Loopback.Cluster.fresh();
        String suffix = c.name().substring(15, 23);
        HazelcastInstance local = Hazelcast.newHazelcastInstance(Loopback.config(c.name(), "local-" + suffix, c.base(), 2));
        Path yaml = Files.writeString(dir.resolve("member.yaml"), """
                hazelcast:
                  cluster-name: %s
                  properties:
                    hazelcast.phone.home.enabled: false
                    hazelcast.wait.seconds.before.join: 0
                    hazelcast.local.localAddress: 127.0.0.1
                  network:
                    port:
                      auto-increment: true
                      port: %d
                    interfaces:
                      enabled: true
                      interfaces: [127.0.0.1]
                    join:
                      multicast:
                        enabled: false
                      tcp-ip:
                        enabled: true
                        member-list: [127.0.0.1:%d, 127.0.0.1:%d]
                """.formatted(c.name(), c.base(), c.base(), c.base() + 1));
        String withoutTests = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes")).collect(Collectors.joining(java.io.File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Dhazelcast.config=" + yaml, "-cp", withoutTests,
                "com.hazelcast.core.server.HazelcastMemberStarter"));
        Process bare = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("bare.log").toFile()).start();
        try {
            Conditions.awaitUntil("two members, partitions settled", () -> local.getCluster().getMembers().size() == 2
                    && local.getPartitionService().isClusterSafe());
            Member other = local.getCluster().getMembers().stream().filter(m -> !m.localMember()).findFirst().orElseThrow();
            ClusterTask<String> task = Loopback::memberRunningThis; // a class of the tests: not on that member
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> await(ClusterRunner.create(local, "tidepool").spawnOn(other, task)));
            assertTrue(e.getMessage().startsWith("cluster task " + task.getClass().getName()
                    + ": a class it needs is not on its member's class path: "), e.getMessage());
            assertTrue(e.getMessage().endsWith(MemberLossTest.class.getName()), e.getMessage()); // the lambda's own class
            assertEquals(ClassNotFoundException.class, rootCause(e).getClass(), e.toString());
        } finally {
            bare.destroyForcibly();
            local.shutdown();
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static Member member(HazelcastInstance hz, String name) {
        return hz.getCluster().getMembers().stream().filter(m -> name.equals(m.getAttribute(Loopback.NAME)))
                .findFirst().orElseThrow(() -> new AssertionError("no member " + name + " in " + hz.getCluster().getMembers()));
    }
}
