package dev.tidepool.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The children's class path when the parent's program is not on its JVM's class path, as under
 * {@code mvn exec:java}: a parent JVM whose class path holds only {@link IsolatedLauncher} loads
 * Tidepool and the jobs through a URLClassLoader, and its process pool still starts workers that
 * find them.
 */
class ChildClassPathTest {
    @TempDir
    Path dir;

    @Test
    void aPoolInAProgramLoadedByAUrlClassLoaderStartsWorkingChildren() throws Exception {
        Path launcherDir = dir.resolve("launcher/dev/tidepool/process");
        Files.createDirectories(launcherDir);
        String cls = "dev/tidepool/process/IsolatedLauncher.class";
        try (var in = ChildClassPathTest.class.getClassLoader().getResourceAsStream(cls)) {
            Files.write(launcherDir.resolve("IsolatedLauncher.class"), in.readAllBytes());
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process parent = new ProcessBuilder(List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", dir.resolve("launcher").toString(),
                IsolatedLauncher.class.getName(), System.getProperty("java.class.path")))
                .redirectErrorStream(true).start();
        parent.getOutputStream().close();
        String out = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(parent.waitFor(120, TimeUnit.SECONDS), "the parent JVM still runs after 120 s");
        assertEquals(0, parent.exitValue(), out);
        assertEquals("square 49", out.strip());
    }
}
