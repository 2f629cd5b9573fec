package dev.tidepool.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.cli.CliRun;
import dev.tidepool.tracing.TraceCheck;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code provers} in real worker processes: every outcome, every answer checked. */
class ProversTest {
    @Test
    void wellBehavedJobsAgreeWithTheInProcessSolverAndTheOthersCrashOrTimeOut() {
        CliRun r = ExamplesCliTest.run("provers", "--problems", "8", "--vars", "40", "--bad", "3", "--timeout", "2000", "-j", "2");
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> rows = r.out().lines().filter(l -> l.matches("\\s*\\d+\\s+(solve|abort|leak|diverge)\\s.*")).toList();
        assertEquals(11, rows.size(), r.out());
        assertTrue(rows.stream().anyMatch(l -> l.matches("\\s*\\d+\\s+abort\\s+crashed\\s+exit code 7: solver aborting on obligation \\d+")),
                r.out());
        assertTrue(rows.stream().anyMatch(l -> l.matches("\\s*\\d+\\s+leak\\s+crashed\\s+exit code 3: .*OutOfMemoryError.*")), r.out());
        assertTrue(rows.stream().anyMatch(l -> l.matches("\\s*\\d+\\s+diverge\\s+timeout\\s+killed after 2000 ms")), r.out());
        assertTrue(rows.stream().filter(l -> l.contains(" solve ")).allMatch(l -> l.matches(".*\\s(sat\\s+model checked|unsat\\s*)")),
                r.out());
        assertTrue(r.out().contains("11 jobs on 2 processes in "), r.out());
        assertTrue(r.out().contains("1 timeout, 2 crashed, 0 failed"), r.out());
        assertTrue(r.out().contains("in-process answers for the 8 well-behaved jobs: all agree"), r.out());
        assertFalse(r.out().contains("DISAGREE") || r.out().contains("DOES NOT SATISFY"), r.out());
        assertTrue(r.out().strip().endsWith("agrees with the in-process solver: OK"), r.out());
    }

    @Test
    void satisfiableAndUnsatisfiableFormulasAreToldApartAndModelsChecked() {
        int sat = 0;
        for (long seed = 0; seed < 40; seed++) {
            int[][] f = Sat.random3Sat(30, 4.26, seed);
            int[] model = Sat.solve(30, f);
            if (model != null) {
                sat++;
                assertTrue(Sat.satisfies(f, model), "seed " + seed);
            }
        }
        assertTrue(sat > 5 && sat < 35, "about half satisfiable at the hard ratio: " + sat + " of 40");
        assertEquals(null, Sat.solve(1, new int[][] {{1, 1, 1}, {-1, -1, -1}}), "x and not x");
    }

    @Test
    void badValuesAreNamedOnOneLine(@TempDir Path dir) {
        CliRun r = ExamplesCliTest.run("provers", "--vars", "2");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("tidepool-example: need --problems >= 0, --vars >= 3"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        Path file = dir.resolve("missing").resolve("t.json");
        CliRun t = ExamplesCliTest.run("provers", "--trace", file.toString());
        assertEquals(2, t.code(), t.err());
        assertTrue(t.err().startsWith("tidepool-example: --trace " + file + ": directory " + dir.resolve("missing")
                + " does not exist"), t.err()); // the rule and the words of the benchmarks' --trace
    }

    @Test
    void theTraceHasATrackPerWorkerProcess(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("provers.json");
        CliRun r = ExamplesCliTest.run("provers", "--problems", "6", "--vars", "30", "--bad", "0", "-j", "2",
                "--trace", file.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        TraceCheck.Report report = TraceCheck.check(file);
        assertTrue(report.ok(), report.problems().toString());
        assertTrue(report.processNames().values().stream().anyMatch(n -> n.matches("provers worker \\d+ \\(pid \\d+\\)")),
                report.processNames().toString());
        // Each job on its process's jobs lane, and as the task that ran it inside that process.
        assertEquals(12, report.slicesByName().getOrDefault("Solve", 0), report.slicesByName().toString());
    }
}
