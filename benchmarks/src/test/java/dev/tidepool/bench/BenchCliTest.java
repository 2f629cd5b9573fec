package dev.tidepool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidepool.cli.CliRun;
import dev.tidepool.tracing.TraceCheck;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

class BenchCliTest {
    private static final Pattern LINE = Pattern.compile("pi=(\\d\\.\\d+) \\(diff=([0-9.e+-]+)\\): mode (\\w+), kind (\\w+), 2 workers\n"
            + "first run ([0-9.]+)s \\(a cold JVM: includes starting the pools, loading classes and compiling\\); steady state ([0-9.]+)s \\(median of the 5 runs after it");

    static CliRun run(String... args) {
        return CliRun.of(Bench::run, args);
    }

    @ParameterizedTest
    @EnumSource(PiWorkload.Mode.class)
    void everyPiModeComputesPi(PiWorkload.Mode mode) {
        for (String kind : new String[] {"ws", "fifo"}) {
            CliRun r = run("pi", "-n", "2000000", "--mode", mode.name(), "--kind", kind, "-j", "2");
            assertEquals(0, r.code(), r.err());
            Matcher m = LINE.matcher(r.out());
            assertTrue(m.find(), r.out());
            assertTrue(Double.parseDouble(m.group(2)) < 1e-9, "error of " + mode + ": " + r.out());
            assertEquals(List.of(mode.name(), kind), List.of(m.group(3), m.group(4)), r.out());
        }
    }

    @Test
    void traceWritesAPerfettoFileForPiAndFibThatPassesTheChecker(@TempDir Path dir) throws Exception {
        Path pi = dir.resolve("pi.json");
        CliRun p = run("pi", "-n", "2000000", "--mode", "forkjoin", "-j", "2", "--trace", pi.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.err().contains("trace written to " + pi), p.err());
        Path fib = dir.resolve("fib.json");
        CliRun f = run("fib", "-n", "15", "--cutoff", "1", "--mode", "fj", "-j", "2", "--trace", fib.toString());
        assertEquals(0, f.code(), f.err());
        CliRun check = run("check-trace", pi.toString(), fib.toString());
        assertEquals(0, check.code(), check.out());
        assertEquals(2, check.out().lines().filter(l -> l.endsWith(": OK")).count(), check.out());
        TraceCheck.Report r = TraceCheck.check(fib);
        assertEquals(986, r.slicesByName().get("fork"), "fib(15) forks fib(16) - 1 times: " + r.slicesByName());
        assertTrue(r.threadNames().containsValue("bench.worker.0"), r.threadNames().toString());
    }

    @Test
    void traceToAnUnwritablePlaceIsABadArgument(@TempDir Path dir) throws Exception {
        CliRun r = run("pi", "-n", "1000", "--trace", dir.resolve("missing").resolve("t.json").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("tidepool-bench: --trace " + dir.resolve("missing").resolve("t.json")
                + ": directory " + dir.resolve("missing") + " does not exist"), r.err());
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"traceEvents\":[{\"ph\":\"X\",\"ts\":1,\"dur\":-1}]}");
        CliRun check = run("check-trace", broken.toString());
        assertEquals(1, check.code(), check.out());
        assertTrue(check.out().contains("dur missing or negative"), check.out());
    }

    @Test
    void badPathsGetOneLineNamingThePathAndNothingIsCreated(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such.json");
        Path nested = dir.resolve("missing").resolve("out");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        String[][] cases = {
            {"check-trace", missing.toString()},
            {"check-trace", dir.toString()},
            {"compare", "pi", "-n", "1000", "--out", nested.toString()},
            {"compare", "pi", "-n", "1000", "--out", file.toString()},
            {"pi", "-n", "1000", "--trace", dir.toString()},
        };
        String[] expected = {missing + ": no such file", dir + ": not a regular file",
            "--out " + nested + ": directory " + nested.getParent() + " does not exist",
            "--out " + file + ": not a directory", "--trace " + dir + ": is a directory"};
        for (int i = 0; i < cases.length; i++) {
            CliRun r = run(cases[i]);
            assertEquals(2, r.code(), String.join(" ", cases[i]) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("tidepool-bench: " + expected[i]), r.err());
            assertTrue(r.out().isEmpty(), "nothing ran: " + r.out());
        }
        assertFalse(Files.exists(nested.getParent()), "no parent directory created");
    }

    @Test
    void repeatsZeroTimesTheFirstRunOnlyAndBadRepeatsAreRefused() {
        CliRun r = run("fib", "-n", "20", "--repeats", "0", "-j", "1");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("fib(20)=6765: mode fj, kind ws, 1 worker", "first run"),
                List.of(r.out().lines().toList().get(0), r.out().lines().toList().get(1).split(" ")[0] + " run"), r.out());
        assertEquals(2, r.out().lines().count(), r.out());
        CliRun bad = run("pi", "--repeats", "-1");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().startsWith("tidepool-bench: --repeats must be at least 0: -1"), bad.err());
    }

    @Test
    void everyCommandSummarisesItselfInOneSentence() {
        assertEquals(List.of(), CliRun.unfinishedSummaries(new CommandLine(Bench.class)), "the help lists only these first lines");
    }

    @Test
    void primesRunsEveryModeWithTheRightAnswerAndRefusesBadSizes() {
        for (String size : new String[] {"0", "1", "8"}) {
            CliRun r = run("compare", "primes", "-n", "500", "--chan-size", size, "--repeats", "1", "--warmup", "1", "--warmup-time", "0", "-j", "2");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().startsWith("primes {-n=500, --chan-size=" + size + ", kind=ws, j=2,"), r.out());
            for (PrimesWorkload.Mode m : PrimesWorkload.Mode.values()) {
                assertTrue(r.out().lines().anyMatch(l -> l.startsWith(m.name() + " ")), m + " in\n" + r.out());
            }
            assertTrue(r.out().contains("bar: tidepool time / best peer time"), r.out());
        }
        CliRun bad = run("compare", "primes", "--chan-size", "-1");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().startsWith("tidepool-bench: --chan-size must be at least 0: -1"), bad.err());
        assertEquals(95, PrimesWorkload.sieve(500).size());
    }

    @Test
    void piOnAClusterOfMemberJvmsAndTheMemberCommandsBadInput(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("cluster.json");
        CliRun r = run("pi", "--cluster", "2", "-n", "1000000", "--repeats", "1", "--trace", trace.toString());
        assertEquals(0, r.code(), r.err());
        TraceCheck.Report merged = TraceCheck.check(trace); // this JVM's trace and each member's, merged
        assertTrue(merged.ok(), merged.problems().toString());
        assertEquals(3, merged.processNames().size(), "the client and two members: " + merged.processNames());
        assertTrue(merged.processNames().values().stream().filter(p -> p.startsWith("cluster member, port ")).count() == 2,
                merged.processNames().toString());
        assertTrue(merged.threadNames().values().stream().anyMatch(t -> t.startsWith("cluster-")),
                "the members' Tidepool pools ran the parts: " + merged.threadNames());
        for (String line : new String[] {"2 member JVMs of ", "round trip of a trivial cluster task (spawn, then await): p50 ",
            "pi=3.14159265358", "(one machine: the members share its cores"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(line)), line + " in\n" + r.out());
        }
        CliRun tooMany = run("pi", "--cluster", "17");
        assertEquals(2, tooMany.code(), tooMany.err());
        assertTrue(tooMany.err().startsWith("tidepool-bench: --cluster must be from 1 to 16 members: 17"), tooMany.err());
        CliRun badPort = run("cluster", "member", "--port", "0");
        assertEquals(2, badPort.code(), badPort.err());
        assertTrue(badPort.err().startsWith("tidepool-bench: --port must be from 1 to 65535: 0"), badPort.err());
        assertEquals(1, badPort.err().strip().lines().count(), badPort.err());
    }

    @Test
    void aMemberStartsFromAHazelcastYamlFileWithTheFlagsGivenOnTop(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("member.yaml");
        Files.writeString(yaml, """
                hazelcast:
                  cluster-name: from-yaml
                  network:
                    port:
                      port: 5999
                """);
        MemberCommand member = new MemberCommand();
        new CommandLine(member).parseArgs("--config", yaml.toString(), "--cores", "3");
        com.hazelcast.config.Config c = member.config();
        assertEquals("from-yaml", c.getClusterName());
        assertEquals(5999, c.getNetworkConfig().getPort(), "not given on the command line: the file's");
        assertEquals("3", c.getMemberAttributeConfig().getAttribute(dev.tidepool.cluster.ClusterRunner.CORES_ATTRIBUTE));
        MemberCommand withPort = new MemberCommand();
        new CommandLine(withPort).parseArgs("--config", yaml.toString(), "--port", "6001");
        assertEquals(6001, withPort.config().getNetworkConfig().getPort(), "given: the flag's");
        CliRun missing = run("cluster", "member", "--config", dir.resolve("missing.yaml").toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().startsWith("tidepool-bench: " + dir.resolve("missing.yaml") + ": no such file"), missing.err());
    }

    @Test
    void mergeTracesPutsTwoTracesOnOneClockAndNamesABadFile(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        for (Path t : List.of(a, b)) {
            CliRun r = run("pi", "-n", "200000", "-j", "2", "--trace", t.toString());
            assertEquals(0, r.code(), r.err());
        }
        Path merged = dir.resolve("merged.json");
        CliRun m = run("merge-traces", "--out", merged.toString(), a.toString(), b.toString());
        assertEquals(0, m.code(), m.err());
        TraceCheck.Report r = TraceCheck.check(merged);
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(TraceCheck.check(a).events() + TraceCheck.check(b).events(), r.events());
        assertEquals("merged 2 traces, " + r.events() + " events, into " + merged, m.out().strip());
        Path other = Files.writeString(dir.resolve("other.json"), "{\"traceEvents\":[]}");
        CliRun bad = run("merge-traces", "--out", dir.resolve("x.json").toString(), other.toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().startsWith("tidepool-bench: " + other + ": not a Tidepool Perfetto trace"), bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
    }

    @Test
    void processesMeasuresChildJvmsAndRefusesBadCounts() {
        CliRun r = run("processes", "-j", "1", "--jobs", "2", "--job-ms", "5", "--timeouts", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("1 processes; 2 jobs of ~5 ms"), r.out());
        for (String line : new String[] {"round trip of an empty job on a warm process: p50 ", "throughput: in-process ",
            "bar: throughput processes / in-process ", "start-up of a child to its first result (default JVM options): median ",
            "start-up of a child to its first result (-XX:TieredStopAtLevel=1): median ", "timeout precision over 2 running jobs"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(line)), line + " in\n" + r.out());
        }
        CliRun bad = run("processes", "--jobs", "0");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().startsWith("tidepool-bench: -j, --jobs, --job-ms and --timeouts must be at least 1:"), bad.err());
    }

    @Test
    void theVersionIsTheBuildsVersion() {
        CliRun r = run("-V");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().strip().matches("tidepool-bench \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.out());
    }

    @Test
    void theSummaryLineCountsThreadsBeyondTheFirstFew() {
        assertEquals("2 threads [a, b]", CheckTraceCommand.threads(List.of("b", "a")));
        List<String> many = IntStream.range(0, 258).mapToObj(i -> "w." + (1000 + i)).toList();
        assertEquals("258 threads [w.1000, w.1001, w.1002, w.1003, w.1004, w.1005 and 252 more]",
                CheckTraceCommand.threads(many));
    }

    @ParameterizedTest
    @EnumSource(FibWorkload.Mode.class)
    void everyFibModeComputesFib(FibWorkload.Mode mode) {
        for (String kind : new String[] {"ws", "fifo"}) {
            for (String cutoff : new String[] {"1", "8"}) {
                CliRun r = run("fib", "-n", "20", "--cutoff", cutoff, "--mode", mode.name(), "--kind", kind, "-j", "2");
                assertEquals(0, r.code(), r.err());
                assertTrue(r.out().startsWith("fib(20)=6765: mode " + mode.name() + ", kind " + kind + ", 2 workers\nfirst run "), r.out());
            }
        }
    }

    @Test
    void compareWritesTableJsonAndChart(@TempDir Path dir) throws Exception {
        CliRun r = run("compare", "pi", "-n", "200000", "--repeats", "2", "--warmup", "1", "--warmup-time", "0",
                "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        for (PiWorkload.Mode m : PiWorkload.Mode.values()) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(m.name() + " ")), m + " row in\n" + r.out());
        }
        assertTrue(r.out().contains("bar: forkjoin speedup over seq"), r.out());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertEquals("pi", json.get("workload").asText());
        assertEquals(PiWorkload.Mode.values().length, json.get("results").size());
        for (JsonNode row : json.get("results")) {
            assertEquals(2, row.get("seconds").size());
            assertTrue(row.get("median").asDouble() > 0);
        }
        BufferedImage png = ImageIO.read(dir.resolve("pi.png").toFile());
        assertEquals(900, png.getWidth());
        assertEquals(500, png.getHeight());
    }

    @Test
    void warmUpLastsAtLeastItsTimeWhateverTheCount() {
        long t0 = System.nanoTime();
        CliRun r = run("compare", "fib", "-n", "10", "--modes", "seq", "--warmup", "0", "--warmup-time", "0.5", "--repeats", "1");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("warmup=0, warmup-time=0.5,"), r.out());
        assertTrue(seconds >= 0.5, "warm-up ran until its time had passed: " + seconds + " s");
    }

    @Test
    void compareInForkedJvms() {
        CliRun r = run("compare", "fib", "-n", "18", "--modes", "seq,fj,fjp", "--repeats", "2", "--warmup", "1",
                "--warmup-time", "0", "--fork");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("fork=true"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("fj ")), r.out());
        assertTrue(r.out().contains("bar: fj time / fjp time"), r.out());
    }

    @Test
    void badArgumentsGiveOneLineAndExitCode2() {
        for (String[] args : new String[][] {{"pi", "-n", "0"}, {"pi", "--mode", "nope"}, {"pi", "-j", "0"},
                {"pi", "--kind", "x"}, {}, {"nope"}, {"suspend", "-n", "0"}, {"fib", "-n", "-1"},
                {"fib", "--cutoff", "0"}, {"compare"}, {"compare", "pi", "--modes", "bogus"},
                {"compare", "fib", "--repeats", "0"}, {"compare", "fib", "-n", "99"},
                {"compare", "fib", "--warmup-time", "-1"}, {"compare", "fib", "--warmup-time", "NaN"},
                {"isolation", "--requests", "0"}, {"isolation", "--cores", "0"}, {"isolation", "--loads", "nope"},
                {"share", "--cores", "0"}, {"share", "--millis", "5"}, {"slices", "--bigs", "0"},
                {"slices", "--slices-ms", "1,-2"}, {"slices", "--pause-us", "-1"}, {"compare", "fib", "--cotenant", "-1"},
                {"isolation", "--cotenant", "999"}}) {
            CliRun r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("tidepool-bench: "), r.err());
        }
    }

    @Test
    void helpListsTheSubcommands() {
        CliRun r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("pi") && r.out().contains("suspend") && r.out().contains("jmh")
                && r.out().contains("isolation") && r.out().contains("share"), r.out());
    }

    /** A short run of each load: the table and one bar line per bar; the numbers are the benchmark's business. */
    @Test
    void isolationPrintsEveryLoadAndItsBars() {
        CliRun r = run("isolation", "--requests", "50", "--interval-us", "500", "--work", "2000", "--no-warm-up");
        assertEquals(0, r.code(), r.err());
        for (ComputeLoad load : ComputeLoad.values()) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(load.label)), r.out());
            assertEquals(3, r.out().lines().filter(l -> l.startsWith("bar: " + load.label)).count(), r.out());
        }
    }

    /** A co-tenant process spins beside the comparison, is named in the report, and is gone after it. */
    @Test
    void aCotenantRunsBesideTheComparisonAndEndsWithIt() {
        CliRun r = run("compare", "fib", "-n", "20", "--modes", "fj", "--repeats", "1", "--warmup", "0", "--warmup-time", "0",
                "--cotenant", "1");
        assertEquals(0, r.code(), r.err());
        java.util.Optional<String> line = r.out().lines().filter(l -> l.startsWith("co-tenant: 1 busy thread in another JVM")).findFirst();
        assertTrue(line.isPresent(), r.out());
        long pid = Long.parseLong(line.get().replaceAll(".*pid (\\d+).*", "$1"));
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the co-tenant " + pid + " outlived the comparison");
    }

    /** A short run: a row per time slice, the bars of the sliced one; the numbers are the benchmark's business. */
    @Test
    void slicesPrintsARowPerTimeSliceAndTheBars() {
        CliRun r = run("slices", "--big", "20000000", "--bigs", "3", "--rounds", "1", "--slices-ms", "1,0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("1 ms ")) && r.out().lines().anyMatch(l -> l.startsWith("none ")), r.out());
        assertEquals(3, r.out().lines().filter(l -> l.startsWith("bar: 1 ms slices")).count(), r.out());
    }

    @Test
    void sharePrintsBothWeightPairsAndTheJoiningPool() {
        CliRun r = run("share", "--millis", "200");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("3:1 ")) && r.out().lines().anyMatch(l -> l.startsWith("1:1 ")), r.out());
        assertTrue(r.out().contains("a third pool joins two busy ones"), r.out());
        assertEquals(4, r.out().lines().filter(l -> l.startsWith("bar: ")).count(), r.out());
    }

    @Test
    void suspendMeasuresBothSides() {
        CliRun r = run("suspend", "-n", "2000", "--cores", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Tidepool WsPool") && r.out().contains("JDK virtual thread"), r.out());
        assertTrue(r.out().contains("OS threads added <= cores + 8 (met)"), r.out());
    }
}
