package dev.tidepool.runners.tck;

import dev.tidepool.tracing.Tracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Tidepool's tracing, installed for one check, into spans kept in memory. */
final class CollectedSpans implements AutoCloseable {
    private static final AttributeKey<String> POOL = AttributeKey.stringKey("tidepool.pool");

    /** What the check looks at in a span. */
    record Seen(String name, String parentSpanId, String pool) {}

    private final List<SpanData> spans = new CopyOnWriteArrayList<>();
    private final OpenTelemetrySdk otel;
    private final Tracing tracing;

    CollectedSpans() {
        SpanExporter keep = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> done) {
                spans.addAll(done);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(keep)).build())
                .build();
        tracing = Tracing.to(otel);
    }

    /** Runs {@code body} inside a new span named {@code name}; returns the span's id. */
    String inSpan(String name, Supplier<?> body) {
        Span span = otel.getTracer("tidepool-runner-tck").spanBuilder(name).startSpan();
        try (Scope _ = span.makeCurrent()) {
            body.get();
        } finally {
            span.end();
        }
        return span.getSpanContext().getSpanId();
    }

    /** The span named {@code name}, once it has ended (within a minute). */
    Seen await(String name) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (;;) {
            for (SpanData s : spans) {
                if (s.getName().equals(name)) {
                    return new Seen(name, s.getParentSpanId(), s.getAttributes().get(POOL));
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no span named '" + name + "' ended within 60 s; spans: " + spans);
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    @Override
    public void close() {
        tracing.close();
        otel.close();
    }
}
