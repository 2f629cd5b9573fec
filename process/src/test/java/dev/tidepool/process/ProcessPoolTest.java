package dev.tidepool.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import dev.tidepool.testsupport.Conditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Real child JVMs: results, every fault, cancellation, bad input, shutdown. */
class ProcessPoolTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private static <T> T await(Fut<T> f) {
        try {
            return f.await(LIMIT);
        } catch (TimeoutException e) {
            throw new AssertionError("a job's future still pending after " + LIMIT, e);
        }
    }

    /** What the future failed with (the cause of a wrapped checked exception). */
    private static Throwable failure(Fut<?> f) {
        Throwable t = assertThrows(Throwable.class, () -> await(f), "the job was expected to fail");
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    @Test
    void jobsRunInChildJvmsAndTheirOutputComesBack() {
        try (ProcessPool pool = ProcessPool.builder().name("squares").processes(2).build()) {
            List<Fut<Jobs.Out>> fs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fs.add(pool.submit(Jobs.Square.class, new Jobs.In(i)));
            }
            long me = ProcessHandle.current().pid();
            java.util.Set<Long> pids = new java.util.HashSet<>();
            for (int i = 0; i < 20; i++) {
                Jobs.Out o = await(fs.get(i));
                assertEquals((long) i * i, o.square());
                assertNotEquals(me, o.pid());
                pids.add(o.pid());
            }
            assertTrue(pids.size() <= 2, "at most 2 processes: " + pids);
        }
    }

    @Test
    void aJobThatThrowsFailsWithTheChildsStackAndItsProcessGoesOn() {
        try (ProcessPool pool = ProcessPool.builder().name("boom").processes(1).build()) {
            long pid = await(pool.submit(Jobs.Square.class, new Jobs.In(2))).pid();
            JobFailedException e = assertInstanceOf(JobFailedException.class, failure(pool.submit(Jobs.Boom.class, "x")));
            assertEquals("java.lang.IllegalStateException", e.exceptionClass());
            assertTrue(e.getMessage().contains("job " + Jobs.Boom.class.getName() + " failed") && e.getMessage().contains("boom: x"),
                    e.getMessage());
            assertTrue(e.childStack().contains("Jobs$Boom.run"), e.childStack());
            assertEquals(pid, await(pool.submit(Jobs.Square.class, new Jobs.In(3))).pid(), "the same process goes on");
        }
    }

    @Test
    void exitHaltAndOutOfMemoryCrashTheProcessWhichIsReplaced() {
        try (ProcessPool pool = ProcessPool.builder().name("crashes").processes(1).jvmOptions("-Xmx64m").build()) {
            long before = await(pool.submit(Jobs.Square.class, new Jobs.In(1))).pid();
            WorkerCrashedException exit = assertInstanceOf(WorkerCrashedException.class, failure(pool.submit(Jobs.Exit.class, "now")));
            assertEquals(3, exit.exitCode());
            assertTrue(exit.stderrTail().contains("about to exit: now"), exit.stderrTail());
            assertTrue(exit.getMessage().contains("exited with code 3 while it ran job " + Jobs.Exit.class.getName()),
                    exit.getMessage());
            WorkerCrashedException halt = assertInstanceOf(WorkerCrashedException.class, failure(pool.submit(Jobs.Halt.class, "")));
            assertEquals(5, halt.exitCode());
            WorkerCrashedException oom = assertInstanceOf(WorkerCrashedException.class, failure(pool.submit(Jobs.Hog.class, "")));
            assertTrue(oom.stderrTail().contains("OutOfMemoryError"), oom.stderrTail());
            long after = await(pool.submit(Jobs.Square.class, new Jobs.In(4))).pid();
            assertNotEquals(before, after, "a new process");
            assertTrue(gone(before));
        }
    }

    @Test
    void aProcessKilledFromOutsideFailsItsJobAndIsReplaced() {
        ConcurrentLinkedQueue<JobProgress> progress = new ConcurrentLinkedQueue<>();
        try (ProcessPool pool = ProcessPool.builder().name("killed").processes(1).onProgress(progress::add).build()) {
            Fut<String> waiting = pool.submit(Jobs.Wait.class, "");
            Conditions.awaitUntil("the job said its pid", () -> !progress.isEmpty());
            long pid = Long.parseLong(progress.peek().message());
            assertEquals(pid, progress.peek().pid());
            ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9
            WorkerCrashedException e = assertInstanceOf(WorkerCrashedException.class, failure(waiting));
            assertEquals(137, e.exitCode(), "128 + SIGKILL");
            assertNotEquals(pid, await(pool.submit(Jobs.Square.class, new Jobs.In(5))).pid());
        }
    }

    /**
     * A job spinning in a loop is killed at its limit; a job queued behind it meanwhile, whose limit
     * is far shorter than its wait, runs in full once a process is free: a limit counts from the
     * job's start in a process, not from its submission.
     */
    @Test
    void aTimeoutKillsAJobStuckInALoopAndCountsOnlyTheJobsOwnRun() {
        ConcurrentLinkedQueue<JobProgress> progress = new ConcurrentLinkedQueue<>();
        try (ProcessPool pool = ProcessPool.builder().name("timeouts").processes(1).onProgress(progress::add).build()) {
            await(pool.submit(Jobs.Square.class, new Jobs.In(0))); // a process ready: the next limit counts from the run
            Fut<String> spinning = pool.submit(Jobs.Spin.class, "", Duration.ofSeconds(4));
            Conditions.awaitUntil("the job said its pid", () -> !progress.isEmpty());
            long queuedAt = System.nanoTime();
            // Its limit is shorter than its wait in the queue, and long enough for a new child's
            // first job on a busy machine (class loading included).
            Duration limit = Duration.ofMillis(1_500);
            Fut<Jobs.Out> queued = pool.submit(Jobs.Square.class, new Jobs.In(6), limit);
            JobTimeoutException e = assertInstanceOf(JobTimeoutException.class, failure(spinning));
            assertTrue(e.getMessage().contains("ran past its limit of PT4S"), e.getMessage());
            long pid = Long.parseLong(progress.peek().message());
            Conditions.awaitUntil("the looping process is gone", () -> gone(pid));
            assertEquals(36, await(queued).square());
            assertTrue(System.nanoTime() - queuedAt > limit.toNanos(), "the queued job waited past its limit");
        }
    }

    /**
     * A stopped job's future fails at once; a job that sees it is cancelled and returns within the
     * grace leaves its process to the next job, and one that ignores it (Spin) is killed after
     * the grace. The grace here is long, so that "at once" is told apart from "after the grace".
     */
    @Test
    void aStoppedJobThatEndsWithinTheGraceKeepsItsProcess() {
        ConcurrentLinkedQueue<JobProgress> progress = new ConcurrentLinkedQueue<>();
        Duration grace = Duration.ofSeconds(30);
        ProcessPool pool = ProcessPool.builder().name("graceful").processes(1).stopGrace(grace)
                .onProgress(progress::add).build();
        long pid;
        try (Switch sw = Switch.create()) {
            Fut<String> polite = pool.submit(Jobs.SpinUntilCancelled.class, "", sw);
            Conditions.awaitUntil("the job said its pid", () -> !progress.isEmpty());
            pid = Long.parseLong(progress.poll().message());
            long off = System.nanoTime();
            sw.turnOff();
            assertInstanceOf(SwitchOffException.class, failure(polite));
            assertEquals(pid, await(pool.submit(Jobs.Square.class, new Jobs.In(7))).pid(), "the same process goes on");
            assertTrue(System.nanoTime() - off < grace.toNanos(), "the next job ran before the grace was over");

            Fut<String> rude = pool.submit(Jobs.Spin.class, "", Duration.ofMillis(100));
            Conditions.awaitUntil("the job said its pid", () -> !progress.isEmpty());
            assertInstanceOf(JobTimeoutException.class, failure(rude));
            assertTrue(!gone(pid), "the future failed before the grace was over, the process still running");
        } catch (RuntimeException | Error e) {
            pool.shutdownNow();
            throw e;
        }
        long closing = System.nanoTime();
        pool.close(); // its job failed already: close kills the process, it does not wait out the grace
        assertTrue(System.nanoTime() - closing < grace.toNanos(), "close did not wait for the grace");
        assertTrue(gone(pid), "close returns once the process is gone");
    }

    @Test
    void aSwitchTurnedOffKillsItsJob() {
        ConcurrentLinkedQueue<JobProgress> progress = new ConcurrentLinkedQueue<>();
        try (ProcessPool pool = ProcessPool.builder().name("switched").processes(1).onProgress(progress::add).build();
                Switch sw = Switch.create()) {
            Fut<String> spinning = pool.submit(Jobs.Spin.class, "", sw);
            Conditions.awaitUntil("the job said its pid", () -> !progress.isEmpty());
            sw.turnOff();
            assertInstanceOf(SwitchOffException.class, failure(spinning));
            long pid = Long.parseLong(progress.peek().message());
            Conditions.awaitUntil("its process is gone", () -> gone(pid));
        }
    }

    @Test
    void progressFramesReachTheCallbackAndAJobsPrintsDoNotBreakTheProtocol() {
        ConcurrentLinkedQueue<JobProgress> progress = new ConcurrentLinkedQueue<>();
        try (ProcessPool pool = ProcessPool.builder().name("chatty").processes(1).onProgress(progress::add).build()) {
            assertEquals("done it", await(pool.submit(Jobs.Chatty.class, "it")));
            List<JobProgress> got = new ArrayList<>(progress);
            assertEquals(2, got.size(), got.toString());
            assertEquals("half of it", got.get(0).message());
            assertEquals(0.5, got.get(1).fraction());
            assertEquals(Jobs.Chatty.class.getName(), got.get(0).job());
        }
    }

    @Test
    void garbageOnStdoutFailsTheJobWithAProtocolErrorAndReplacesTheProcess() {
        try (ProcessPool pool = ProcessPool.builder().name("garbage").processes(1).build()) {
            WorkerProtocolException e = assertInstanceOf(WorkerProtocolException.class, failure(pool.submit(Jobs.Garbage.class, "")));
            assertTrue(e.getMessage().contains("'this is not a frame'"), e.getMessage());
            assertEquals(64, await(pool.submit(Jobs.Square.class, new Jobs.In(8))).square());
        }
    }

    @Test
    void badJobsAndBadInputFailTheFutureNamingTheJob() {
        try (ProcessPool pool = ProcessPool.builder().name("bad").processes(1).build()) {
            IllegalArgumentException noCtor = assertInstanceOf(IllegalArgumentException.class,
                    failure(pool.submit(Jobs.NoConstructor.class, "x")));
            assertEquals("job " + Jobs.NoConstructor.class.getName() + " has no public no-argument constructor", noCtor.getMessage());
            IllegalArgumentException input = assertInstanceOf(IllegalArgumentException.class,
                    failure(pool.submit(Jobs.Unwritable.class, new Object())));
            assertTrue(input.getMessage().startsWith("job " + Jobs.Unwritable.class.getName() + ": its input cannot be written as JSON"),
                    input.getMessage());
            IllegalStateException output = assertInstanceOf(IllegalStateException.class,
                    failure(pool.submit(Jobs.WrongOutput.class, "")));
            assertTrue(output.getMessage().startsWith("job " + Jobs.WrongOutput.class.getName() + ": its output cannot be read as"),
                    output.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pool.submit(Jobs.Square.class, new Jobs.In(1), Duration.ofSeconds(-1)));
        }
        assertEquals("processes must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> ProcessPool.builder().processes(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProcessPool.builder().tasksPerProcess(0));
    }

    @Test
    void tasksPerProcessOneGivesEveryJobAFreshJvm() {
        try (ProcessPool pool = ProcessPool.builder().name("fresh").processes(1).tasksPerProcess(1).build()) {
            long a = await(pool.submit(Jobs.Square.class, new Jobs.In(1))).pid();
            long b = await(pool.submit(Jobs.Square.class, new Jobs.In(2))).pid();
            assertNotEquals(a, b);
        }
    }

    /**
     * The JDK writes a class-data archive only for a class path of jars; a test's class path has
     * directories (target/classes), so here the first child logs why and writes none, and every job
     * runs all the same. ({@code tidepool-bench processes}, run from its jar, measures the archive.)
     */
    @Test
    void classDataSharingOnAClassPathWithDirectoriesLogsWhyAndTheJobsRunAllTheSame() throws Exception {
        try (ProcessPool pool = ProcessPool.builder().name("cds").processes(1).tasksPerProcess(1).classDataSharing(true).build()) {
            long first = await(pool.submit(Jobs.Square.class, new Jobs.In(1))).pid();
            Conditions.awaitUntil("the first child exited", () -> gone(first));
            Jobs.Out second = await(pool.submit(Jobs.Square.class, new Jobs.In(2)));
            assertEquals(4, second.square());
            assertNotEquals(first, second.pid());
            assertTrue(System.getProperty("java.class.path").contains("classes"), "a class path with directories");
            String log = java.nio.file.Files.readString(pool.logDirectory().resolve("cds-0.log"));
            assertTrue(log.contains("non-empty directory"), log);
        }
    }

    @Test
    void shutdownRunsWhatWasAcceptedAndShutdownNowKillsAndCancels() {
        ProcessPool pool = ProcessPool.builder().name("graceful").processes(1).build();
        List<Fut<Jobs.Out>> fs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fs.add(pool.submit(Jobs.Square.class, new Jobs.In(i)));
        }
        pool.shutdown();
        for (int i = 0; i < 5; i++) {
            assertEquals((long) i * i, await(fs.get(i)).square());
        }
        assertThrows(RejectedExecutionException.class, () -> pool.submit(Jobs.Square.class, new Jobs.In(1)));

        ConcurrentLinkedQueue<JobProgress> progress = new ConcurrentLinkedQueue<>();
        ProcessPool now = ProcessPool.builder().name("abrupt").processes(1).onProgress(progress::add).build();
        Fut<String> running = now.submit(Jobs.Wait.class, "");
        Fut<Jobs.Out> queued = now.submit(Jobs.Square.class, new Jobs.In(2));
        Conditions.awaitUntil("the job said its pid", () -> !progress.isEmpty());
        long pid = Long.parseLong(progress.peek().message());
        now.shutdownNow();
        assertInstanceOf(CancellationException.class, failure(running));
        CancellationException c = assertInstanceOf(CancellationException.class, failure(queued));
        assertTrue(c.getMessage().contains("before job " + Jobs.Square.class.getName() + " started"), c.getMessage());
        assertTrue(gone(pid), "shutdownNow returns once its processes are gone");
    }

    @Test
    void noChildOutlivesItsParentKilledWithSigkill() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process parent = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                ParentMain.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var out = parent.inputReader();
        String line = out.readLine();
        assertTrue(line != null && line.startsWith("worker "), "the parent's first line: " + line);
        long worker = Long.parseLong(line.substring("worker ".length()));
        assertTrue(ProcessHandle.of(worker).isPresent(), "the worker runs");
        parent.destroyForcibly();
        Conditions.awaitUntil("the worker exits once its parent is killed", () -> gone(worker));
    }
}
