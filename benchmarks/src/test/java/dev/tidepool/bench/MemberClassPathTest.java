package dev.tidepool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.tidepool.cli.CliRun;
import dev.tidepool.cluster.ClusterRunner;
import dev.tidepool.cluster.ClusterTask;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster member --class-path}: a member started as users start it, whose own class path
 * has Tidepool but not the user's tasks, runs a task whose class it loads from the directory given,
 * submitted by a Hazelcast client as the README shows. The task class is compiled here, into a
 * directory on neither JVM's class path.
 */
class MemberClassPathTest {
    /** Kept: a logger whose level is set must stay reachable. */
    private static final Logger CLIENT_LOG = Logger.getLogger("com.hazelcast");

    static {
        CLIENT_LOG.setLevel(Level.SEVERE);
    }

    @TempDir
    Path dir;

    @Test
    void aMemberRunsTasksWhoseClassesItsClassPathOptionNames() throws Exception {
        Path tasks = dir.resolve("tasks");
        Path src = Files.createDirectories(dir.resolve("src/demo")).resolve("Where.java");
        Files.writeString(src, """
                package demo;

                public class Where implements dev.tidepool.cluster.ClusterTask<String> {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public String call() {
                        return "ran on " + Thread.currentThread().getName().replaceAll("\\\\.worker\\\\..*", "");
                    }
                }
                """);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", tasks.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString()), "the task compiles");

        String cluster = "tidepool-test-" + UUID.randomUUID();
        int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), Bench.class.getName(), "cluster", "member",
                "--cluster-name", cluster, "--port", Integer.toString(port), "--class-path", tasks.toString(),
                "--until-stdin-ends"));
        Process member = new ProcessBuilder(cmd).redirectError(dir.resolve("member.log").toFile()).start();
        HazelcastInstance client = null;
        try (URLClassLoader userCode = new URLClassLoader(new URL[] {tasks.toUri().toURL()}, getClass().getClassLoader())) {
            String ready = new BufferedReader(new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertTrue(ready != null && ready.startsWith("member ") && ready.endsWith("ready (1 members)"),
                    ready + "; the member's log: " + Files.readString(dir.resolve("member.log")));
            // The client of the README: the cluster's name and a member's address.
            ClientConfig cc = new ClientConfig();
            cc.setClusterName(cluster);
            cc.getNetworkConfig().addAddress("127.0.0.1:" + port);
            client = HazelcastClient.newHazelcastClient(cc);
            @SuppressWarnings("unchecked") ClusterTask<String> task =
                    (ClusterTask<String>) userCode.loadClass("demo.Where").getConstructor().newInstance();
            String where = ClusterRunner.create(client, "tidepool").spawn(task).await(Duration.ofSeconds(60));
            assertTrue(where.startsWith("ran on cluster-"), where);
        } finally {
            if (client != null) {
                client.shutdown();
            }
            member.getOutputStream().close();
            if (!member.waitFor(30, TimeUnit.SECONDS)) {
                member.destroyForcibly();
            }
        }
    }

    @Test
    void aClassPathEntryThatDoesNotExistIsNamed() throws IOException {
        String missing = dir.resolve("no-such-dir").toString();
        CliRun r = CliRun.of(Bench::run, "cluster", "member", "--port", "5799", "--class-path", dir + File.pathSeparator + missing);
        assertEquals(2, r.code(), r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("tidepool-bench: --class-path: no such file or directory: " + missing + " "), first);
    }
}
