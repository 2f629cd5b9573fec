package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cause of the long race's "Thread-NNNN still running" failures: a pause of the whole JVM
 * (here SIGSTOP, on the test machine a frozen VM) counts against a timed wait's monotonic deadline,
 * so a join of 3 s given to a thread that needs 0.5 s of CPU gives up right after a 4 s pause with
 * the thread still running. A join cut into one-second slices, counted at most their length (as
 * {@link Stuck} waits now, with shorter slices), does not. Each side runs in a child JVM that this
 * test stops and continues.
 */
class PauseTest {
    /** The child: a thread with about half a second of fixed work, joined one way or the other. */
    public static final class Child {
        public static void main(String[] args) throws InterruptedException {
            Thread t = Thread.ofPlatform().start(() -> {
                long x = 0;
                for (long i = 0; i < 1_000_000_000L; i++) {
                    x += i ^ (x >>> 3);
                }
                if (x == 42) {
                    System.out.print("");
                }
            });
            System.out.println("started");
            System.out.flush();
            if (args[0].equals("sliced")) {
                for (int i = 0; i < 3 && t.isAlive(); i++) {
                    t.join(Duration.ofSeconds(1));
                }
            } else {
                t.join(Duration.ofSeconds(3));
            }
            System.out.println(t.isAlive() ? "still running" : "joined");
        }
    }

    private static String runPaused(String mode) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Child.class.getName(), mode)
                .redirectErrorStream(true).start();
        var out = p.inputReader(StandardCharsets.UTF_8);
        assertEquals("started", out.readLine());
        signal("STOP", p.pid());
        Thread.sleep(4_000); // the pause under test, not a wait for an event
        signal("CONT", p.pid());
        String last = out.readLine();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child ended");
        return last;
    }

    private static void signal(String sig, long pid) throws IOException, InterruptedException {
        Process k = new ProcessBuilder(List.of("kill", "-" + sig, Long.toString(pid))).start();
        assertTrue(k.waitFor(30, TimeUnit.SECONDS) && k.exitValue() == 0, "kill -" + sig);
    }

    @Test
    void aPausedJvmEndsASingleTimedJoinEarlyButNotASlicedOne() throws Exception {
        assertEquals("still running", runPaused("single"), "a 4 s pause ends a 3 s join although the thread needs 0.5 s");
        assertEquals("joined", runPaused("sliced"), "one-second slices survive the pause");
    }
}
