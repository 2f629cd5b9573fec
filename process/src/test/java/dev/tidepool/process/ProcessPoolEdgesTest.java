package dev.tidepool.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import dev.tidepool.testsupport.Conditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real child JVMs at the edges: durations of any length, inputs Jackson cannot write, huge and
 * odd strings, a switch that is off before the job is submitted, children that die while they
 * start, the processes a job starts, and the log directory.
 */
class ProcessPoolEdgesTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private static <T> T await(Fut<T> f) {
        try {
            return f.await(LIMIT);
        } catch (TimeoutException e) {
            throw new AssertionError("a job's future still pending after " + LIMIT, e);
        }
    }

    private static Throwable failure(Fut<?> f) {
        Throwable t = assertThrows(Throwable.class, () -> await(f), "the job was expected to fail");
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    @Test
    void durationsOfAnyLengthAreNoLimit() {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        try (ProcessPool pool = ProcessPool.builder().name("forever").processes(1)
                .startTimeout(forever).stopGrace(forever).build()) {
            assertEquals(9, await(pool.submit(Jobs.Square.class, new Jobs.In(3), forever)).square(), "a fresh pool");
            assertEquals(16, await(pool.submit(Jobs.Square.class, new Jobs.In(4), forever)).square(), "a warm pool");
            assertEquals(25, await(pool.submit(Jobs.Square.class, new Jobs.In(5), Duration.ofNanos(Long.MAX_VALUE))).square());
        }
    }

    @Test
    void aCyclicInputFailsTheFutureNamingTheJob() {
        try (ProcessPool pool = ProcessPool.builder().name("cycles").processes(1).build()) {
            Jobs.Node n = new Jobs.Node();
            n.next = n;
            IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, failure(pool.submit(Jobs.Walk.class, n)));
            assertTrue(e.getMessage().startsWith("job " + Jobs.Walk.class.getName() + ": its input cannot be written as JSON"),
                    e.getMessage());
            List<Object> self = new ArrayList<>();
            self.add(self);
            e = assertInstanceOf(IllegalArgumentException.class, failure(pool.submit(Jobs.Unwritable.class, self)));
            assertTrue(e.getMessage().startsWith("job " + Jobs.Unwritable.class.getName() + ": its input cannot be written as JSON"),
                    e.getMessage());
            assertEquals(4, await(pool.submit(Jobs.Square.class, new Jobs.In(2))).square(), "the pool goes on");
        }
    }

    @Test
    void stringsOfThirtyMillionCharactersTravelBothWays() {
        String big = "x".repeat(30_000_000);
        try (ProcessPool pool = ProcessPool.builder().name("big").processes(1).build()) {
            String back = await(pool.submit(Jobs.Echo.class, big));
            assertEquals(big.length() + 1, back.length());
            assertTrue(back.startsWith(big) && back.endsWith("!"));
        }
    }

    @Test
    void unpairedSurrogatesAndOtherCharactersComeBackAsTheyWere() {
        String odd = "a\uD800b\uDC00c \uD83D\uDE00 é ü 中 \u0000 \n \"q\" \\";
        try (ProcessPool pool = ProcessPool.builder().name("odd").processes(1).build()) {
            assertEquals(odd + "!", await(pool.submit(Jobs.Echo.class, odd)));
        }
    }

    @Test
    void aJobUnderASwitchThatIsOffAlreadyNeverRuns() throws Exception {
        Path file = dir.resolve("touched");
        Switch off = Switch.create();
        off.turnOff();
        try (ProcessPool pool = ProcessPool.builder().name("off").processes(1).build()) {
            assertEquals(1, await(pool.submit(Jobs.Square.class, new Jobs.In(1))).square()); // a child is ready: a job goes straight to it
            assertInstanceOf(SwitchOffException.class, failure(pool.submit(Jobs.Touch.class, file.toString(), off)));
            assertEquals(4, await(pool.submit(Jobs.Square.class, new Jobs.In(2))).square());
        } // every child is gone: a job it had been sent would have run by now
        assertFalse(Files.exists(file), "the job ran in a child although its switch was off");
    }

    /** A child killed while it starts is replaced; the jobs waiting for it run on the others. */
    @Test
    void aChildKilledWhileItStartsFailsNoJob() {
        try (ProcessPool pool = ProcessPool.builder().name("restart").processes(2).build()) {
            List<Fut<Jobs.Out>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(pool.submit(Jobs.Square.class, new Jobs.In(i)));
            }
            // The children were started by the first submit, a few milliseconds ago: a JVM needs far
            // longer than that to say it is ready.
            ProcessHandle starting = ProcessHandle.current().children()
                    .filter(h -> h.info().commandLine().orElse("").contains("WorkerMain")).findFirst().orElseThrow();
            starting.destroyForcibly();
            for (int i = 0; i < 20; i++) {
                assertEquals((long) i * i, await(fs.get(i)).square(), "job " + i);
            }
        }
    }

    /** Children in a row that cannot start, none running: a broken set-up fails the queued jobs. */
    @Test
    void aSetUpWhereNoChildCanStartFailsTheQueuedJobs() {
        try (ProcessPool pool = ProcessPool.builder().name("broken").processes(1).jvmOptions("-XX:+NoSuchTidepoolOption").build()) {
            List<Fut<Jobs.Out>> fs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                fs.add(pool.submit(Jobs.Square.class, new Jobs.In(i)));
            }
            for (Fut<Jobs.Out> f : fs) {
                WorkerCrashedException e = assertInstanceOf(WorkerCrashedException.class, failure(f));
                assertTrue(e.getMessage().contains("before it was ready, the 3 worker processes started last all did"), e.getMessage());
                assertTrue(e.getMessage().contains("NoSuchTidepoolOption"), "with the JVM's own words: " + e.getMessage());
            }
        }
    }

    @Test
    void theProcessesAJobStartedDieWithItsKilledChild() {
        ConcurrentLinkedQueue<JobProgress> progress = new ConcurrentLinkedQueue<>();
        try (ProcessPool pool = ProcessPool.builder().name("tree").processes(1).stopGrace(Duration.ZERO)
                .onProgress(progress::add).build()) {
            Switch sw = Switch.create();
            Fut<String> f = pool.submit(Jobs.Subprocess.class, "spin", sw);
            Conditions.awaitUntil("the job started its subprocess", () -> !progress.isEmpty());
            long sleep = Long.parseLong(progress.peek().message());
            sw.turnOff(); // the job ignores it: its child is killed
            assertInstanceOf(SwitchOffException.class, failure(f));
            Conditions.awaitUntil("the job's subprocess is gone with its child", () -> gone(sleep));
        }
    }

    /** A job that starts a process with inheritIO() and exits: the exit kills it, and the future fails at once. */
    @Test
    void aSubprocessThatInheritedStdoutDiesWhenTheJobExits() {
        ConcurrentLinkedQueue<JobProgress> progress = new ConcurrentLinkedQueue<>();
        try (ProcessPool pool = ProcessPool.builder().name("inherit-exit").processes(1).onProgress(progress::add).build()) {
            WorkerCrashedException e = assertInstanceOf(WorkerCrashedException.class,
                    failure(pool.submit(Jobs.Subprocess.class, "inherit exit")));
            assertEquals(7, e.exitCode());
            long sleep = Long.parseLong(progress.peek().message());
            Conditions.awaitUntil("the subprocess is gone", () -> gone(sleep));
            assertEquals(4, await(pool.submit(Jobs.Square.class, new Jobs.In(2))).square(), "a new child runs the next job");
        }
    }

    /**
     * A job that starts a process with inheritIO() and halts (no shutdown runs): the process lives
     * on holding the frame pipe; the pool ends the child anyway and says why.
     */
    @Test
    void aSubprocessHoldingStdoutAfterAHaltDoesNotKeepTheFuturePending() {
        ConcurrentLinkedQueue<JobProgress> progress = new ConcurrentLinkedQueue<>();
        long sleep = -1;
        try (ProcessPool pool = ProcessPool.builder().name("inherit-halt").processes(1).onProgress(progress::add).build()) {
            WorkerCrashedException e = assertInstanceOf(WorkerCrashedException.class,
                    failure(pool.submit(Jobs.Subprocess.class, "inherit halt")));
            sleep = Long.parseLong(progress.peek().message());
            assertEquals(7, e.exitCode());
            assertTrue(e.getMessage().contains("its stdout is still held open by a process it started"), e.getMessage());
            assertEquals(4, await(pool.submit(Jobs.Square.class, new Jobs.In(2))).square(), "a new child runs the next job");
        } finally {
            if (sleep > 0) { // a halted JVM kills nothing: this one is the test's to end
                ProcessHandle.of(sleep).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void aTemporaryLogDirectoryIsDeletedAndANamedOneKept() throws Exception {
        Path temp;
        try (ProcessPool pool = ProcessPool.builder().name("temp-logs").processes(1).build()) {
            await(pool.submit(Jobs.Square.class, new Jobs.In(1)));
            temp = pool.logDirectory();
            assertTrue(Files.exists(temp.resolve("temp-logs-0.log")));
        }
        assertFalse(Files.exists(temp), temp + " was left behind");
        Path named = dir.resolve("logs");
        try (ProcessPool pool = ProcessPool.builder().name("kept-logs").processes(1).logDirectory(named).build()) {
            await(pool.submit(Jobs.Square.class, new Jobs.In(1)));
        }
        assertTrue(Files.exists(named.resolve("kept-logs-0.log")), "a directory the user named is kept");
    }
}
