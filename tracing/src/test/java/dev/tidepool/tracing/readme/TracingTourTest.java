package dev.tidepool.tracing.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.tracing.TraceCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's tracing block writes both files, each with the task's span. */
class TracingTourTest {
    @Test
    void writesAPerfettoFileAndAnOtlpFile(@TempDir Path dir) throws Exception {
        TracingTour.run(dir);
        TraceCheck.Report r = TraceCheck.check(dir.resolve("trace.json"));
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(1, r.slicesByName().get("work"), r.slicesByName().toString());
        assertTrue(Files.readString(dir.resolve("spans.jsonl")).contains("\"name\":\"work\""), "the span in the OTLP file");
    }
}
