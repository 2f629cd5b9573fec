package dev.tidepool.tracing;

import dev.tidepool.futures.tracing.TraceNames;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Hands every finished span to the {@link PerfettoWriter}. Spans started by other instrumentation
 * get the thread attributes Tidepool's own spans carry, so that they land in their thread's lane.
 */
final class PerfettoSpans implements SpanProcessor {
    private final PerfettoWriter writer;

    PerfettoSpans(PerfettoWriter writer) {
        this.writer = writer;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        if (span.getAttribute(TraceNames.THREAD_ID) == null) {
            Thread me = Thread.currentThread();
            span.setAttribute(TraceNames.THREAD_ID, me.threadId());
            span.setAttribute(TraceNames.THREAD_NAME, me.getName());
        }
        if (span.getSpanContext().isSampled()) {
            writer.started(span.getSpanContext().getSpanId());
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (span.getSpanContext().isSampled()) {
            writer.add(span.toSpanData());
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    @Override
    public CompletableResultCode forceFlush() {
        CompletableResultCode result = new CompletableResultCode();
        writer.flush().whenComplete((v, e) -> result.succeed());
        return result;
    }
}
