package dev.tidepool.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidepool.futures.tracing.TaskTracing;
import dev.tidepool.futures.tracing.TraceClock;
import dev.tidepool.futures.tracing.TraceNames;
import io.opentelemetry.api.trace.Tracer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two traces written one after the other, standing for two JVMs (each span carries its own
 * process id), merge into one that passes the checker: both process tracks, every timestamp on
 * the first file's clock, and each file's flow kept apart from the other's.
 */
class TraceMergeTest {
    /** Writes a trace of process {@code pid}: a submitting span and a job with a flow from it; returns the job's start (epoch ns). */
    private static long write(Path file, long pid) throws Exception {
        long jobStart;
        try (Tracing _ = Tracing.toPerfetto(file, "ignored")) {
            Tracer t = TaskTracing.tracer();
            long t0 = TraceClock.nowEpochNanos();
            t.spanBuilder("submit " + pid).setStartTimestamp(t0, TimeUnit.NANOSECONDS)
                    .setAttribute(TraceNames.PROCESS_ID, pid).setAttribute(TraceNames.PROCESS_NAME, "jvm " + pid)
                    .setAttribute(TraceNames.THREAD_ID, 1L).setAttribute(TraceNames.THREAD_NAME, "main")
                    .startSpan().end(t0 + 1_000_000, TimeUnit.NANOSECONDS);
            jobStart = t0 + 2_000_000;
            t.spanBuilder("job " + pid).setStartTimestamp(jobStart, TimeUnit.NANOSECONDS)
                    .setAttribute(TraceNames.PROCESS_ID, pid).setAttribute(TraceNames.PROCESS_NAME, "jvm " + pid)
                    .setAttribute(TraceNames.THREAD_ID, 2L).setAttribute(TraceNames.THREAD_NAME, "worker")
                    .setAttribute(TraceNames.SPAWN_THREAD_ID, 1L).setAttribute(TraceNames.QUEUED_NS, 1_500_000L)
                    .startSpan().end(jobStart + 500_000, TimeUnit.NANOSECONDS);
        }
        return jobStart;
    }

    @Test
    void tracesOfTwoJvmsMergeSideBySideOnOneClock(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        write(a, 1001);
        long jobB = write(b, 1002);
        Path merged = dir.resolve("merged.json");
        int events = TraceMerge.merge(List.of(b, a), merged); // any order: the earliest clock wins

        TraceCheck.Report r = TraceCheck.check(merged);
        assertTrue(r.ok(), r.problems().toString()); // two flows with id 1 would be a problem
        assertEquals(r.events(), events);
        assertEquals("jvm 1001", r.processNames().get(1001L), r.processNames().toString());
        assertEquals("jvm 1002", r.processNames().get(1002L), r.processNames().toString());
        assertEquals(2, r.phases().get("s"), r.phases().toString());

        JsonNode root = new ObjectMapper().readTree(merged.toFile());
        long base = root.get("tidepoolEpochNanos").asLong();
        assertEquals(new ObjectMapper().readTree(a.toFile()).get("tidepoolEpochNanos").asLong(), base, "a's clock, the earlier");
        for (JsonNode e : root.get("traceEvents")) {
            if ("job 1002".equals(e.path("name").asText()) && "X".equals(e.path("ph").asText())) {
                long startNanos = e.get("ts").decimalValue().multiply(BigDecimal.valueOf(1000)).longValueExact() + base;
                assertEquals(jobB, startNanos, "b's job at its own epoch time on a's clock");
            }
        }
        assertTrue(Files.readString(merged).contains("\"job 1002\""));
    }

    @Test
    void aFileThatIsNotATidepoolTraceIsNamed(@TempDir Path dir) throws Exception {
        Path other = Files.writeString(dir.resolve("other.json"), "{\"traceEvents\":[]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceMerge.merge(List.of(other), dir.resolve("out.json")));
        assertTrue(e.getMessage().startsWith(other + ": not a Tidepool Perfetto trace"), e.getMessage());
    }
}
