package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Java and XML block of the README and of the guides under {@code docs/} is a file that the
 * build compiles (and a test runs):
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
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        int checked = 0;
        for (Path page : pages) {
            checked += check(page);
        }
        assertEquals(10, checked, "blocks checked in README.md and docs/");
    }

    private static int check(Path page) throws IOException {
        String name = ROOT.relativize(page).toString();
        List<String> lines = Files.readAllLines(page);
        int checked = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.equals("```java") && !line.equals("```xml")) {
                continue;
            }
            Matcher m = MARKER.matcher(i > 0 ? lines.get(i - 1) : "");
            if (!m.matches()) {
                fail(name + " line " + (i + 1) + ": a " + line.substring(3) + " block with no '<!-- snippet: PATH -->' line above it");
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).equals("```")) {
                end++;
            }
            String block = String.join("\n", lines.subList(i + 1, end));
            Path file = ROOT.resolve(m.group(1));
            assertTrue(Files.isRegularFile(file), name + " line " + i + " names a missing file: " + m.group(1));
            assertEquals(excerpt(Files.readString(file)), block, name + " line " + (i + 1) + " differs from " + m.group(1));
            checked++;
            i = end;
        }
        return checked;
    }
}
