package dev.tidepool.tracing.readme;

import dev.tidepool.runners.WsPool;
import dev.tidepool.tracing.Tracing;
import java.nio.file.Path;

public class TracingTour {
    /** Traces a pool's work to a Perfetto file and to an OTLP JSON file in {@code dir}. */
    static void run(Path dir) {
        try (Tracing _ = Tracing.toPerfetto(dir.resolve("trace.json"));   // Chrome Trace Event Format
             WsPool pool = WsPool.builder().name("traced").build()) {
            pool.spawn("work", () -> 6 * 7).await();
        }                                                 // closes the pool, then writes the file
        try (Tracing _ = Tracing.toOtlpJsonFile(dir.resolve("spans.jsonl"));   // OTLP JSON lines
             WsPool pool = WsPool.builder().name("traced").build()) {
            pool.spawn("work", () -> 6 * 7).await();
        }
        // Tracing.toOpenTelemetry(): the SDK configured from OTEL_* settings, e.g. OTLP over HTTP
        //   with OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 (http/protobuf unless
        //   OTEL_EXPORTER_OTLP_PROTOCOL=grpc, which needs a gRPC sender on the class path).
        // Tracing.to(sdk): an OpenTelemetry SDK that the program built itself.
    }

    public static void main(String[] args) {
        run(Path.of(args.length > 0 ? args[0] : "."));
    }
}
