package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
    /**
     * The child: a thread that spins until it sees the pause (a gap of more than 2 s in
     * {@code System.nanoTime()}), then has half a second of its own CPU time of work left, joined
     * one way or the other. Its work ends relative to the pause and to its CPU time, not to the
     * wall clock, so a loaded machine makes it slower but does not change the outcome.
     */
    public static final class Child {
        private static final long GAP_NANOS = 2_000_000_000L;
        private static final long WORK_NANOS = 500_000_000L;
        private static final long NO_PAUSE_NANOS = 60_000_000_000L;

        public static void main(String[] args) throws InterruptedException {
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            Thread t = Thread.ofPlatform().start(() -> {
                long started = System.nanoTime();
                long last = started;
                for (;;) { // wait for the pause
                    long now = System.nanoTime();
                    if (now - last > GAP_NANOS) {
                        break;
                    }
                    if (now - started > NO_PAUSE_NANOS) {
                        System.out.println("no pause seen");
                        return;
                    }
                    last = now;
                    Thread.onSpinWait();
                }
                long until = cpu.getCurrentThreadCpuTime() + WORK_NANOS;
                while (cpu.getCurrentThreadCpuTime() < until) {
                    Thread.onSpinWait();
                }
            });
            System.out.println("started");
            System.out.flush();
            if (args[0].equals("sliced")) {
                // As Stuck's waits: slices counted at most their length, a minute of them in all.
                for (int i = 0; i < 60 && t.isAlive(); i++) {
                    t.join(1_000L);
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
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child ended");
        return last;
    }

    private static void signal(String sig, long pid) throws IOException, InterruptedException {
        Process k = new ProcessBuilder(List.of("kill", "-" + sig, Long.toString(pid))).start();
        assertTrue(k.waitFor(30, TimeUnit.SECONDS) && k.exitValue() == 0, "kill -" + sig);
    }

    @Test
    void aPausedJvmEndsASingleTimedJoinEarlyButNotASlicedOne() throws Exception {
        assertEquals("still running", runPaused("single"), "a 4 s pause ends a 3 s join although the thread needs 0.5 s more");
        assertEquals("joined", runPaused("sliced"), "one-second slices survive the pause");
    }
}
