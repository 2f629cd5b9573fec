package dev.tidepool.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each README command, small: it exits 0 and prints its passed check; bad arguments exit 2. */
class ExamplesCliTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Examples.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static void passes(String... args) {
        Run r = run(args);
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
    void server() {
        passes("server", "--requests", "100", "--interval-us", "200", "--work", "1000", "--cores", "2");
    }

    @Test
    void badArgumentsExitTwoWithAMessage() {
        for (String[] args : new String[][] {{}, {"imports", "--files", "0"}, {"compress", "--level", "10"},
                {"server", "--cores", "0"}, {"walk", "-j", "0"}, {"nope"}}) {
            Run r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("tidepool-example: "), r.err());
        }
    }
}
