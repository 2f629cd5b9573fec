package dev.tidepool.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tracing from the environment, bad settings, and a traced JVM that is killed. */
class ChildJvmTest {
    @TempDir
    Path dir;

    private static ProcessBuilder child(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), TraceChild.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = child(args);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM still running after 120 s");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void tidepoolTraceNamesAFileAndTheTraceIsWrittenAtExit() throws Exception {
        Path file = dir.resolve("env.json");
        Result r = run(Map.of("TIDEPOOL_TRACE", file.toString()), "env");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("sum=4950"), r.out());
        TraceCheck.Report report = TraceCheck.check(file);
        assertTrue(report.ok(), report.problems().toString());
        assertEquals(100, report.slicesByName().get("env-task"), report.slicesByName().toString());
    }

    /**
     * A run far shorter than the span processor's 5 s batch delay: every span reaches the file in
     * the export made at exit, which used to race java.util.logging's own shutdown reset.
     */
    @Test
    void otlpJsonFromTheEnvironmentHoldsEverySpanOfAShortRun() throws Exception {
        for (int run = 0; run < 3; run++) {
            Path file = dir.resolve("env-" + run + ".jsonl");
            Result r = run(Map.of("TIDEPOOL_TRACE", "otlp-json:" + file), "env");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("sum=4950"), r.out());
            List<String> names = new ArrayList<>();
            ObjectMapper m = new ObjectMapper();
            for (String line : Files.readAllLines(file)) {
                for (JsonNode ss : m.readTree(line).path("scopeSpans")) {
                    for (JsonNode span : ss.path("spans")) {
                        names.add(span.path("name").asText());
                    }
                }
            }
            assertEquals(100, names.stream().filter("env-task"::equals).count(),
                    "run " + run + ": " + Files.size(file) + " bytes, spans " + names);
        }
    }

    @Test
    void aBadTidepoolTraceIsReportedAndTheProgramRunsUntraced() throws Exception {
        Result bogus = run(Map.of("TIDEPOOL_TRACE", "yes"), "env");
        assertEquals(0, bogus.exit(), bogus.err());
        assertTrue(bogus.out().contains("sum=4950"), bogus.out());
        assertTrue(bogus.err().startsWith("tidepool: TIDEPOOL_TRACE=yes is not understood"), bogus.err());
        assertTrue(bogus.err().strip().endsWith("; running without tracing"), bogus.err());
        assertEquals(1, bogus.err().lines().count(), "one line: " + bogus.err());

        Path missing = dir.resolve("no-such-dir").resolve("t.json");
        Result unwritable = run(Map.of("TIDEPOOL_TRACE", missing.toString()), "env");
        assertEquals(0, unwritable.exit(), unwritable.err());
        assertTrue(unwritable.out().contains("sum=4950"), unwritable.out());
        assertEquals("tidepool: TIDEPOOL_TRACE=" + missing + ": cannot write trace to " + missing + ": directory "
                + missing.getParent() + " does not exist; running without tracing", unwritable.err().strip());
        assertFalse(Files.exists(missing));

        Path missingOtlp = dir.resolve("no-such-dir").resolve("t.jsonl");
        Result otlp = run(Map.of("TIDEPOOL_TRACE", "otlp-json:" + missingOtlp), "env");
        assertEquals(0, otlp.exit(), otlp.err());
        assertEquals("tidepool: TIDEPOOL_TRACE=otlp-json:" + missingOtlp + ": cannot write trace to " + missingOtlp
                + ": directory " + missingOtlp.getParent() + " does not exist; running without tracing", otlp.err().strip());
    }

    @Test
    void aKilledJvmLeavesAValidTrace() throws Exception {
        Path file = dir.resolve("killed.json");
        Process p = child("killed", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("flushed", out.readLine());
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        TraceCheck.Report report = TraceCheck.check(file);
        assertTrue(report.ok(), report.problems().toString());
        Map<String, Integer> slices = report.slicesByName();
        assertEquals(200, slices.get("before-flush"), slices.toString());
        assertEquals(10, slices.get("done-child"), slices.toString());
        assertEquals(1, slices.get("done-parent"), slices.toString());
        assertEquals(100, slices.get("orphan-child"), slices.toString());
        assertEquals(null, slices.get("endless-parent"), "never ended, so never written: " + slices);
        // The flows into the done children are written; those from the endless parent wait for
        // a slice that was never written, so none binds to nothing.
        assertEquals(10, report.phases().get("s"), report.phases().toString());
        assertEquals(10, report.phases().get("f"), report.phases().toString());
    }

    @Test
    void badArgumentsFailAtSetUpNamingTheProblem() throws IOException {
        Path missing = dir.resolve("nope").resolve("t.json");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Tracing.toPerfetto(missing));
        assertTrue(e.getMessage().contains("cannot write trace to " + missing), e.getMessage());
        UncheckedIOException d = assertThrows(UncheckedIOException.class, () -> Tracing.toPerfetto(dir));
        assertTrue(d.getMessage().contains("is a directory"), d.getMessage());
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> Tracing.fromSpec("trace.txt"));
        assertTrue(a.getMessage().contains("TIDEPOOL_TRACE=trace.txt is not understood"), a.getMessage());
        assertFalse(dev.tidepool.futures.tracing.TaskTracing.enabled(), "a failed set-up leaves tracing off");
    }
}
