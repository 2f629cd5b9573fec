package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java and XML block of the README is a file that the build compiles (and a test runs):
 * the comment {@code <!-- snippet: PATH -->} above the block names it, and the block is that file
 * without its package line, exactly.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+) -->");

    /** The file as the README shows it: without a Java package line and the blank line after it. */
    static String excerpt(String file) {
        List<String> lines = file.strip().lines().toList();
        if (!lines.isEmpty() && lines.getFirst().startsWith("package ")) {
            lines = lines.subList(lines.size() > 1 && lines.get(1).isEmpty() ? 2 : 1, lines.size());
        }
        return String.join("\n", lines);
    }

    @Test
    void everyJavaAndXmlBlockIsAnExactCopyOfABuiltFile() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        int checked = 0;
        for (int i = 0; i < readme.size(); i++) {
            String line = readme.get(i);
            if (!line.equals("```java") && !line.equals("```xml")) {
                continue;
            }
            Matcher m = MARKER.matcher(i > 0 ? readme.get(i - 1) : "");
            if (!m.matches()) {
                fail("README.md line " + (i + 1) + ": a " + line.substring(3) + " block with no '<!-- snippet: PATH -->' line above it");
            }
            int end = i + 1;
            while (end < readme.size() && !readme.get(end).equals("```")) {
                end++;
            }
            String block = String.join("\n", readme.subList(i + 1, end));
            Path file = ROOT.resolve(m.group(1));
            assertTrue(Files.isRegularFile(file), "README.md line " + i + " names a missing file: " + m.group(1));
            assertEquals(excerpt(Files.readString(file)), block, "README.md line " + (i + 1) + " differs from " + m.group(1));
            checked++;
            i = end;
        }
        assertEquals(10, checked, "README blocks checked");
    }
}
