package dev.tidepool.bench;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.tidepool.cli.CliPaths;
import dev.tidepool.cluster.ClusterForkJoin;
import dev.tidepool.cluster.ClusterRunner;
import dev.tidepool.cluster.SerialRange;
import dev.tidepool.tracing.TraceMerge;
import dev.tidepool.tracing.Tracing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import picocli.CommandLine;

/**
 * {@code pi --cluster N}: starts N member JVMs on this machine (127.0.0.1, ports from a random
 * base, a cluster name of their own, the machine's cores split between them), connects to them as
 * a Hazelcast client, and measures the round trip of a trivial cluster task and pi by
 * {@link ClusterForkJoin#reduce} against pi by fork-join in this JVM. One machine cannot show a
 * speedup: the members share its cores; this measures what the cluster costs.
 */
final class ClusterPi {
    private ClusterPi() {}

    static int run(CommandLine cli, long n, int members, int repeats, Common common) throws IOException, InterruptedException {
        if (members < 1 || members > 16) {
            throw new CommandLine.ParameterException(cli, "--cluster must be from 1 to 16 members: " + members);
        }
        if (n > Integer.MAX_VALUE) {
            throw new CommandLine.ParameterException(cli, "-n must be at most " + Integer.MAX_VALUE + " with --cluster: " + n);
        }
        String name = "tidepool-bench-" + UUID.randomUUID();
        int base = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors() / members);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            addresses.add("127.0.0.1:" + (base + i));
        }
        Path logs = Files.createTempDirectory("tidepool-cluster-");
        List<Process> started = new ArrayList<>();
        HazelcastInstance client = null;
        // With --trace: each member writes its own trace, this JVM too, and they are merged into the file.
        Tracing tracing = null;
        Path clientTrace = null;
        if (common.trace != null) {
            CliPaths.checkOutput(cli, "--trace", common.trace, false);
            clientTrace = logs.resolve("client.json");
            tracing = Tracing.toPerfetto(clientTrace, "tidepool-bench pi --cluster (client)");
        }
        MemberCommand.HAZELCAST_LOG.setLevel(Level.WARNING);
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < members; i++) {
                started.add(startMember(name, base + i, addresses, cores, logs.resolve("member-" + i + ".log"),
                        common.trace == null ? null : logs.resolve("member-" + i + ".json")));
            }
            for (int i = 0; i < members; i++) {
                awaitReady(started.get(i), logs.resolve("member-" + i + ".log"));
            }
            ClientConfig cc = new ClientConfig();
            cc.setClusterName(name);
            cc.setProperty("hazelcast.logging.type", "jdk");
            cc.getNetworkConfig().setAddresses(addresses);
            client = HazelcastClient.newHazelcastClient(cc);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (client.getCluster().getMembers().size() < members) { // the members are up: the client learns of them
                if (System.nanoTime() > deadline) {
                    throw new IOException("the client sees " + client.getCluster().getMembers() + " after 60 s, not "
                            + members + " members");
                }
                Thread.onSpinWait();
            }
            System.out.printf("%d member JVMs of %d cores each on 127.0.0.1, up and joined in %.1f s (logs in %s,"
                    + " removed at the end if empty)%n", members, cores, (System.nanoTime() - t0) / 1e9, logs);
            ClusterRunner runner = ClusterRunner.create(client, "tidepool");

            double[] trip = new double[1000];
            for (int i = 0; i < 200; i++) {
                runner.spawn(() -> 1).await();
            }
            for (int i = 0; i < trip.length; i++) {
                long s = System.nanoTime();
                runner.spawn(() -> 1).await();
                trip[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(trip);
            System.out.printf("round trip of a trivial cluster task (spawn, then await): p50 %.3f ms, p99 %.3f ms%n",
                    trip[trip.length / 2], trip[trip.length * 99 / 100]);

            long steps = n;
            int chunk = (int) Math.max(1, n / (16L * cores * members));
            SerialRange<Double> body = (lo, hi) -> Pi.partial(lo, hi, steps);
            double[] cluster = new double[repeats + 1];
            double pi = 0;
            for (int r = 0; r <= repeats; r++) {
                long s = System.nanoTime();
                pi = ClusterForkJoin.reduce(runner, (int) n, chunk, 0.0, body, Double::sum) / n;
                cluster[r] = (System.nanoTime() - s) / 1e9;
            }
            double[] local = new double[repeats + 1];
            try (Env env = new Env(Env.Kind.ws, Runtime.getRuntime().availableProcessors())) {
                for (int r = 0; r <= repeats; r++) {
                    long s = System.nanoTime();
                    PiWorkload.compute(PiWorkload.Mode.forkjoin, env, n);
                    local[r] = (System.nanoTime() - s) / 1e9;
                }
            }
            double clusterMedian = median(cluster);
            double localMedian = median(local);
            System.out.printf("pi=%.15f (diff=%.3e) on the cluster: median %.3f s (first %.3f s); fork-join in this JVM:"
                    + " median %.3f s; local / cluster %.2f%n", pi, Math.abs(pi - Math.PI), clusterMedian, cluster[0],
                    localMedian, localMedian / clusterMedian);
            System.out.println("(one machine: the members share its cores, so the cluster cannot be faster here;"
                    + " this measures what sending the work costs)");
            return 0;
        } finally {
            if (client != null) {
                client.shutdown();
            }
            for (Process p : started) {
                p.getOutputStream().close(); // --until-stdin-ends: the member leaves
            }
            for (Process p : started) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            if (tracing != null) {
                tracing.close();
                List<Path> traces = new ArrayList<>(List.of(clientTrace));
                for (int i = 0; i < started.size(); i++) {
                    traces.add(logs.resolve("member-" + i + ".json"));
                }
                int events = TraceMerge.merge(traces, common.trace);
                System.out.println("trace of the client and the " + started.size() + " members (one process each), "
                        + events + " events: " + common.trace);
            }
            deleteIfQuiet(logs);
        }
    }

    /** Deletes the members' log directory when every log is empty (nothing worth keeping) and the traces are merged. */
    private static void deleteIfQuiet(Path logs) throws IOException {
        try (var files = Files.list(logs)) {
            for (Path f : files.toList()) {
                if (f.toString().endsWith(".log") && Files.size(f) > 0) {
                    return;
                }
            }
        }
        try (var files = Files.list(logs)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(logs);
    }

    /** The median of the timed runs after the first (the first alone when there is no other). */
    private static double median(double[] runs) {
        double[] r = runs.length > 1 ? Arrays.copyOfRange(runs, 1, runs.length) : runs.clone();
        Arrays.sort(r);
        return r[r.length / 2];
    }

    private static Process startMember(String name, int port, List<String> addresses, int cores, Path log, Path trace)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), Bench.class.getName(), "cluster", "member",
                "--cluster-name", name, "--port", Integer.toString(port), "--members", String.join(",", addresses),
                "--cores", Integer.toString(cores), "--until-stdin-ends"));
        if (trace != null) {
            cmd.addAll(List.of("--trace", trace.toString()));
        }
        return new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    }

    private static void awaitReady(Process p, Path log) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("member ")) {
            throw new IOException("a cluster member did not start (see " + log + "): " + line);
        }
    }
}
