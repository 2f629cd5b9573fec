package dev.tidepool.process.worker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidepool.futures.tracing.TaskTracing;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.function.Consumer;

/**
 * The tracing of a worker process whose parent traces: every span that ends here (the job's task,
 * what it spawns, spans its code opens) is sent to the parent as a "span" frame, which draws it in
 * this process's track of its own trace. Only this class touches the OpenTelemetry SDK, so that a
 * worker without the SDK on its class path fails to link it alone, and runs untraced.
 */
final class SpanFrames implements SpanProcessor {
    private final Consumer<ObjectNode> out;

    private SpanFrames(Consumer<ObjectNode> out) {
        this.out = out;
    }

    /** Installs a tracer whose spans go to {@code out} as frames. */
    static void install(Consumer<ObjectNode> out) {
        SdkTracerProvider spans = SdkTracerProvider.builder().addSpanProcessor(new SpanFrames(out)).build();
        TaskTracing.install(OpenTelemetrySdk.builder().setTracerProvider(spans).build());
    }

    @Override
    public void onStart(Context parent, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        SpanData d = span.toSpanData();
        ObjectNode f = Frames.frame("span").put("name", d.getName())
                .put("start", d.getStartEpochNanos()).put("end", d.getEndEpochNanos());
        f.set("attributes", attributes(d.getAttributes()));
        ArrayNode events = f.putArray("events");
        for (EventData e : d.getEvents()) {
            ObjectNode ev = events.addObject().put("name", e.getName()).put("time", e.getEpochNanos());
            if (!e.getAttributes().isEmpty()) {
                ev.set("attributes", attributes(e.getAttributes()));
            }
        }
        if (d.getStatus().getStatusCode() == StatusCode.ERROR) {
            f.put("error", d.getStatus().getDescription());
        }
        out.accept(f);
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }

    private static ObjectNode attributes(Attributes a) {
        ObjectNode o = Frames.JSON.createObjectNode();
        a.forEach((k, v) -> {
            switch (k.getType()) {
                case STRING -> o.put(k.getKey(), (String) v);
                case LONG -> o.put(k.getKey(), (Long) v);
                case DOUBLE -> o.put(k.getKey(), (Double) v);
                case BOOLEAN -> o.put(k.getKey(), (Boolean) v);
                default -> { } // arrays: not drawn by the trace
            }
        });
        return o;
    }
}
