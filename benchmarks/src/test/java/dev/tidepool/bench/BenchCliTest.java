package dev.tidepool.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BenchCliTest {
    private static final Pattern LINE = Pattern.compile("pi=(\\d\\.\\d+) \\(diff=([0-9.e+-]+)\\) in ([0-9.]+)s");

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Bench.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @ParameterizedTest
    @EnumSource(PiWorkload.Mode.class)
    void everyPiModeComputesPi(PiWorkload.Mode mode) {
        for (String kind : new String[] {"ws", "fifo"}) {
            Run r = run("pi", "-n", "2000000", "--mode", mode.name(), "--kind", kind, "-j", "2");
            assertEquals(0, r.code(), r.err());
            Matcher m = LINE.matcher(r.out());
            assertTrue(m.find(), r.out());
            assertTrue(Double.parseDouble(m.group(2)) < 1e-9, "error of " + mode + ": " + r.out());
        }
    }

    @Test
    void traceWritesAPerfettoFileForPiAndFibThatPassesTheChecker(@TempDir Path dir) throws Exception {
        Path pi = dir.resolve("pi.json");
        Run p = run("pi", "-n", "2000000", "--mode", "forkjoin", "-j", "2", "--trace", pi.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(p.err().contains("trace written to " + pi), p.err());
        Path fib = dir.resolve("fib.json");
        Run f = run("fib", "-n", "15", "--cutoff", "1", "--mode", "fj", "-j", "2", "--trace", fib.toString());
        assertEquals(0, f.code(), f.err());
        Run check = run("check-trace", pi.toString(), fib.toString());
        assertEquals(0, check.code(), check.out());
        assertEquals(2, check.out().lines().filter(l -> l.endsWith(": OK")).count(), check.out());
        dev.tidepool.tracing.TraceCheck.Report r = dev.tidepool.tracing.TraceCheck.check(fib);
        assertEquals(986, r.slicesByName().get("fork"), "fib(15) forks fib(16) - 1 times: " + r.slicesByName());
        assertTrue(r.threadNames().containsValue("bench.worker.0"), r.threadNames().toString());
    }

    @Test
    void traceToAnUnwritablePlaceIsABadArgument(@TempDir Path dir) throws Exception {
        Run r = run("pi", "-n", "1000", "--trace", dir.resolve("missing").resolve("t.json").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--trace: cannot write trace to"), r.err());
        Path broken = dir.resolve("broken.json");
        java.nio.file.Files.writeString(broken, "{\"traceEvents\":[{\"ph\":\"X\",\"ts\":1,\"dur\":-1}]}");
        Run check = run("check-trace", broken.toString());
        assertEquals(1, check.code(), check.out());
        assertTrue(check.out().contains("dur missing or negative"), check.out());
    }

    @ParameterizedTest
    @EnumSource(FibWorkload.Mode.class)
    void everyFibModeComputesFib(FibWorkload.Mode mode) {
        for (String kind : new String[] {"ws", "fifo"}) {
            for (String cutoff : new String[] {"1", "8"}) {
                Run r = run("fib", "-n", "20", "--cutoff", cutoff, "--mode", mode.name(), "--kind", kind, "-j", "2");
                assertEquals(0, r.code(), r.err());
                assertTrue(r.out().startsWith("fib(20)=6765 in "), r.out());
            }
        }
    }

    @Test
    void compareWritesTableJsonAndChart(@TempDir Path dir) throws Exception {
        Run r = run("compare", "pi", "-n", "200000", "--repeats", "2", "--warmup", "1", "--out", dir.toString());
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
    void compareInForkedJvms() {
        Run r = run("compare", "fib", "-n", "18", "--modes", "seq,fj,fjp", "--repeats", "2", "--warmup", "1", "--fork");
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
                {"isolation", "--requests", "0"}, {"isolation", "--cores", "0"}, {"isolation", "--loads", "nope"},
                {"share", "--cores", "0"}, {"share", "--millis", "5"}}) {
            Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("tidepool-bench: "), r.err());
        }
    }

    @Test
    void helpListsTheSubcommands() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("pi") && r.out().contains("suspend") && r.out().contains("jmh")
                && r.out().contains("isolation") && r.out().contains("share"), r.out());
    }

    /** A short run of each load: the table and one bar line per bar; the numbers are the benchmark's business. */
    @Test
    void isolationPrintsEveryLoadAndItsBars() {
        Run r = run("isolation", "--requests", "50", "--interval-us", "500", "--work", "2000", "--no-warm-up");
        assertEquals(0, r.code(), r.err());
        for (ComputeLoad load : ComputeLoad.values()) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(load.label)), r.out());
            assertEquals(3, r.out().lines().filter(l -> l.startsWith("bar: " + load.label)).count(), r.out());
        }
    }

    @Test
    void sharePrintsBothWeightPairsAndTheJoiningPool() {
        Run r = run("share", "--millis", "200");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("3:1 ")) && r.out().lines().anyMatch(l -> l.startsWith("1:1 ")), r.out());
        assertTrue(r.out().contains("a third pool joins two busy ones"), r.out());
        assertEquals(4, r.out().lines().filter(l -> l.startsWith("bar: ")).count(), r.out());
    }

    @Test
    void suspendMeasuresBothSides() {
        Run r = run("suspend", "-n", "2000", "--cores", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Tidepool WsPool") && r.out().contains("JDK virtual thread"), r.out());
        assertTrue(r.out().contains("OS threads added <= cores + 8 (met)"), r.out());
    }
}
