package dev.tidepool.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Each README command, small: it exits 0 and prints its passed check; bad arguments exit 2. */
class ExamplesCliTest {
    static CliRun run(String... args) {
        return CliRun.of(Examples::run, args);
    }

    private static void passes(String... args) {
        CliRun r = run(args);
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(": OK"), r.out());
        assertFalse(r.out().contains("FAILED"), r.out());
    }

    @Test
    void imports() {
        passes("imports", "--files", "1500", "-j", "2");
        passes("imports", "--files", "1500", "--broken", "10", "--stop-on-error");
    }

    @Test
    void walk(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("a/b/c"));
        Files.writeString(dir.resolve("a/b/x"), "hello");
        passes("walk", "--root", dir.toString(), "-j", "3");
    }

    @Test
    void compress() {
        passes("compress", "--blobs", "8", "--size", "20000", "--level", "1");
    }

    @Test
    void httpLoad() {
        passes("http", "--port", "0", "--cores", "2", "--load", "100", "--load-seconds", "20");
    }

    @Test
    void httpServesForAGivenTime() {
        CliRun r = run("http", "--port", "0", "--serve-seconds", "0");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("listening on http://127.0.0.1:"), r.out());
    }

    @Test
    void server() {
        passes("server", "--requests", "100", "--interval-us", "200", "--work", "1000", "--cores", "2");
    }

    @Test
    void badArgumentsExitTwoWithAMessage() {
        for (String[] args : new String[][] {{}, {"imports", "--files", "0"}, {"compress", "--level", "10"},
                {"server", "--cores", "0"}, {"walk", "-j", "0"}, {"nope"}}) {
            CliRun r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("tidepool-example: "), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void everyCommandSummarisesItselfInOneSentence() {
        assertEquals(List.of(), CliRun.unfinishedSummaries(new CommandLine(Examples.class)), "the help lists only these first lines");
    }

    @Test
    void eachBadValueIsNamedOnOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path missing = dir.resolve("missing");
        String[][] cases = {
            {"server", "--cores", "0", "--requests", "5"},
            {"server", "--requests", "0"},
            {"server", "--work", "7", "--interval-us", "-3"},
            {"walk", "--root", missing.toString()},
            {"walk", "--root", file.toString()},
            {"http", "--port", "70000"},
            {"http", "--cores", "0"},
            {"http", "--deadline-ms", "0"},
            {"http", "--load", "0"},
        };
        String[] expected = {"cores must be at least 1: 0", "requests must be at least 1: 0",
            "intervalMicros must be at least 0: -3", "--root " + missing + ": no such directory",
            "--root " + file + ": not a directory", "port must be from 0 to 65535: 70000",
            "cores must be at least 1: 0", "deadline-ms must be at least 1: 0", "load must be at least 1: 0"};
        for (int i = 0; i < cases.length; i++) {
            CliRun r = run(cases[i]);
            assertEquals(2, r.code(), String.join(" ", cases[i]) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("tidepool-example: " + expected[i]), r.err());
        }
    }
}
