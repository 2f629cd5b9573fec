package dev.tidepool.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.tracing.TaskTracing;
import dev.tidepool.futures.tracing.TraceClock;
import dev.tidepool.futures.tracing.TraceNames;
import io.opentelemetry.api.trace.Tracer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A span that carries another process's pid (one a worker process sent) lands on a track of that
 * process, named once, and its flow starts in the process that submitted it.
 */
class OtherProcessTest {
    @Test
    void aSpanOfAnotherProcessIsDrawnInThatProcessWithAFlowFromTheSubmitter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("two-processes.json");
        long me = ProcessHandle.current().pid();
        long other = me + 100_000; // any pid the trace does not use for itself
        long submitter = Thread.currentThread().threadId();
        try (Tracing _ = Tracing.toPerfetto(file, "parent")) {
            Tracer t = TaskTracing.tracer();
            long t0 = TraceClock.nowEpochNanos();
            t.spanBuilder("submit").setStartTimestamp(t0, TimeUnit.NANOSECONDS)
                    .setAttribute(TraceNames.THREAD_ID, submitter).setAttribute(TraceNames.THREAD_NAME, "submitter")
                    .startSpan().end(t0 + 1_000_000, TimeUnit.NANOSECONDS);
            for (int job = 0; job < 2; job++) { // two spans of one process: it is named once
                long start = t0 + 2_000_000 + job * 1_000_000;
                t.spanBuilder("job " + job).setNoParent().setStartTimestamp(start, TimeUnit.NANOSECONDS)
                        .setAttribute(TraceNames.PROCESS_ID, other)
                        .setAttribute(TraceNames.PROCESS_NAME, "worker (pid " + other + ")")
                        .setAttribute(TraceNames.THREAD_ID, 7L).setAttribute(TraceNames.THREAD_NAME, "job.worker.0")
                        .setAttribute(TraceNames.SPAWN_THREAD_ID, submitter)
                        .setAttribute(TraceNames.SPAWN_PROCESS_ID, me)
                        .setAttribute(TraceNames.QUEUED_NS, start - (t0 + 500_000)) // submitted inside "submit"
                        .startSpan().end(start + 500_000, TimeUnit.NANOSECONDS);
            }
        }
        TraceCheck.Report r = TraceCheck.check(file);
        assertTrue(r.ok(), r.problems().toString()); // flows bound to slices in their own processes
        assertEquals("parent", r.processNames().get(me), r.processNames().toString());
        assertEquals("worker (pid " + other + ")", r.processNames().get(other), r.processNames().toString());
        assertEquals(2, r.processNames().size(), r.processNames().toString());
        assertEquals("job.worker.0", r.threadNames().get(other + "/7"), r.threadNames().toString());
        assertEquals("submitter", r.threadNames().get(me + "/" + submitter), r.threadNames().toString());
        assertEquals(2, r.phases().get("s"), r.phases().toString());
        assertEquals(2, r.phases().get("f"), r.phases().toString());
    }
}
