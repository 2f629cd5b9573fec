package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first task-local value a process ever sets stays in the work that set it, as every later
 * one does. Until then runners take a fast path that neither saves nor restores values, so the
 * case can only be seen in a JVM where nothing was set yet: each scenario runs in a fresh one.
 */
class FirstSetTest {
    @ParameterizedTest
    @ValueSource(strings = {"inline-child", "continuation", "fork-part", "range-piece"})
    void theFirstValueSetStaysInTheWorkThatSetIt(String scenario) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), FirstSetChild.class.getName(), scenario))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM still running after 120 s");
        assertEquals(0, p.exitValue(), out);
        assertEquals("nobody", out, scenario + ": the task that ran it sees the value it set");
    }
}
