package dev.tidepool.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.runners.WsPool;
import dev.tidepool.tracing.TraceCheck;
import dev.tidepool.tracing.Tracing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With tracing on, each worker process has a process track of its own: a lane holding the jobs it
 * ran and their progress reports, with flows from the traced tasks that submitted them, and the
 * spans the process sent (its jobs' tasks and what they spawned) on its own threads' lanes. The
 * file passes Perfetto's import rules.
 */
class ProcessTraceTest {
    private static <T> T await(Fut<T> f) {
        try {
            return f.await(Duration.ofSeconds(90));
        } catch (TimeoutException e) {
            throw new AssertionError("a job still pending after 90 s", e);
        }
    }

    @Test
    void eachWorkerProcessHasATrackWithItsJobsAndItsOwnSpans(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("processes.json");
        Tracing tracing = Tracing.toPerfetto(file);
        try (tracing;
                ProcessPool pool = ProcessPool.builder().name("traced").processes(2).build();
                WsPool tasks = WsPool.builder().name("submitters").threads(2).build()) {
            // Submitted from traced tasks: each job's flow starts in its submitting task's slice.
            List<Fut<Jobs.Out>> fs = IntStream.range(0, 6)
                    .mapToObj(i -> await(tasks.spawn(() -> pool.submit(Jobs.Square.class, new Jobs.In(i))))).toList();
            fs.forEach(ProcessTraceTest::await);
            assertEquals(14L, await(pool.submit(Jobs.SumOfSquares.class, 4)));
            assertEquals("done traced", await(pool.submit(Jobs.Chatty.class, "traced"))); // two progress reports
            assertInstanceOf(JobFailedException.class, assertThrows(RuntimeException.class,
                    () -> await(pool.submit(Jobs.Boom.class, "traced"))));
        }
        TraceCheck.Report r = TraceCheck.check(file);
        assertTrue(r.ok(), r.problems().toString());
        Map<Long, String> workers = new TreeMap<>(r.processNames());
        workers.remove(ProcessHandle.current().pid());
        assertTrue(!workers.isEmpty() && workers.size() <= 2, r.processNames().toString());
        workers.forEach((pid, name) -> {
            assertTrue(name.matches("traced worker \\d+ \\(pid " + pid + "\\)"), name);
            assertEquals("jobs", r.threadNames().get(pid + "/" + (1L << 40)), r.threadNames().toString());
            assertTrue(r.threadNames().entrySet().stream() // the lanes of the process's own threads
                    .anyMatch(e -> e.getKey().startsWith(pid + "/") && e.getValue().startsWith("job.worker.")),
                    r.threadNames().toString());
        });
        // Each job twice: on its process's jobs lane, and as the task that ran it in that process.
        assertEquals(12, r.slicesByName().getOrDefault("Square", 0), r.slicesByName().toString());
        assertEquals(2, r.slicesByName().getOrDefault("SumOfSquares", 0), r.slicesByName().toString());
        assertEquals(2, r.slicesByName().getOrDefault("Boom", 0), r.slicesByName().toString());
        for (int i = 0; i < 4; i++) { // spawned inside the worker process, by its job
            assertEquals(1, r.slicesByName().getOrDefault("square " + i, 0), r.slicesByName().toString());
        }
        String text = Files.readString(file); // its progress: instants on the jobs lane
        assertTrue(text.contains("\"tidepool.progress.message\":\"half of traced\"")
                && text.contains("\"tidepool.progress.fraction\":0.5"), "progress instants in the trace");
        // 6 from the submitting tasks to the jobs lanes, 4 inside the process from SumOfSquares.
        assertTrue(r.phases().getOrDefault("s", 0) >= 10 && r.phases().getOrDefault("f", 0) >= 10, r.phases().toString());
    }
}
