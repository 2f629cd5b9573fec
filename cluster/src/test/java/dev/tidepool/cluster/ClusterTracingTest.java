package dev.tidepool.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.HazelcastInstance;
import dev.tidepool.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The submitter's OpenTelemetry context travels with a cluster task: the task's span on its
 * member (two members in this JVM, tracing into one in-memory exporter) is a child of the span
 * that submitted it, in the same trace.
 */
class ClusterTracingTest {
    @Test
    void aClusterTasksSpanIsAChildOfTheSpanThatSubmittedIt() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .build();
        List<HazelcastInstance> members = Loopback.cluster(2);
        try (Tracing _ = Tracing.to(otel)) {
            ClusterRunner runner = ClusterRunner.create(members.getFirst(), "tidepool");
            Span submit = otel.getTracer("test").spanBuilder("submit").startSpan();
            try (Scope _ = submit.makeCurrent()) {
                for (var m : runner.members()) {
                    assertTrue(runner.spawnOn(m, Loopback::memberRunningThis).await(Duration.ofSeconds(60)).startsWith("member-"));
                }
            } finally {
                submit.end();
            }
            List<SpanData> remote = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(submit.getSpanContext().getTraceId()) && !s.getName().equals("submit"))
                    .toList();
            assertEquals(2, remote.size(), "one task span per member in the submitter's trace: " + spans.getFinishedSpanItems());
            for (SpanData s : remote) {
                assertEquals(submit.getSpanContext().getSpanId(), s.getParentSpanId(), s.toString());
                assertTrue(s.getParentSpanContext().isRemote(), "its parent came from the submitter: " + s);
            }
        } finally {
            Loopback.shutdown(members);
            otel.close();
        }
    }
}
