package dev.tidepool.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.runners.WsPool;
import dev.tidepool.tracing.TraceCheck;
import dev.tidepool.tracing.Tracing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With tracing on, each worker process has a lane of its own holding the jobs it ran, a job
 * submitted from a traced task has a flow from that task, and the file passes Perfetto's import
 * rules.
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
    void eachWorkerProcessHasALaneWithItsJobsAndFlowsFromTheirSubmitters(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("processes.json");
        Tracing tracing = Tracing.toPerfetto(file);
        try (tracing;
                ProcessPool pool = ProcessPool.builder().name("traced").processes(2).build();
                WsPool tasks = WsPool.builder().name("submitters").threads(2).build()) {
            // Submitted from traced tasks: each job's flow starts in its submitting task's slice.
            List<Fut<Jobs.Out>> fs = IntStream.range(0, 6)
                    .mapToObj(i -> await(tasks.spawn(() -> pool.submit(Jobs.Square.class, new Jobs.In(i))))).toList();
            fs.forEach(ProcessTraceTest::await);
            assertInstanceOf(JobFailedException.class, assertThrows(RuntimeException.class,
                    () -> await(pool.submit(Jobs.Boom.class, "traced"))));
        }
        TraceCheck.Report r = TraceCheck.check(file);
        assertTrue(r.ok(), r.problems().toString());
        List<String> lanes = r.threadNames().values().stream().filter(n -> n.startsWith("traced worker ")).toList();
        assertTrue(!lanes.isEmpty() && lanes.size() <= 2, r.threadNames().toString());
        assertTrue(lanes.stream().allMatch(n -> n.matches("traced worker \\d+ \\(pid \\d+\\)")), lanes.toString());
        assertEquals(6, r.slicesByName().getOrDefault("Square", 0), r.slicesByName().toString());
        assertEquals(1, r.slicesByName().getOrDefault("Boom", 0), r.slicesByName().toString());
        assertTrue(r.phases().getOrDefault("s", 0) >= 6 && r.phases().getOrDefault("f", 0) >= 6, r.phases().toString());
    }
}
