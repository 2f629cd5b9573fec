package dev.tidepool.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tidepool.runners.WsPool;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tidepool's spans through the SDK's OTLP exporters: JSON lines in a file, and HTTP to a collector. */
class OtlpExportTest {
    @TempDir
    Path dir;

    private static void runTasks(String name) {
        try (WsPool pool = WsPool.builder().name("otlp").threads(2).build()) {
            for (int i = 0; i < 10; i++) {
                Scenarios.await(pool.spawn(name, () -> 1));
            }
        }
    }

    @Test
    void otlpJsonLinesInAFile() throws Exception {
        Path file = dir.resolve("spans.jsonl");
        try (Tracing _ = Tracing.toOtlpJsonFile(file)) {
            runTasks("json-task");
        }
        List<String> names = new ArrayList<>();
        ObjectMapper m = new ObjectMapper();
        for (String line : Files.readAllLines(file)) {
            JsonNode rs = m.readTree(line); // one ResourceSpans (or ResourceMetrics) per line
            for (JsonNode ss : rs.path("scopeSpans")) {
                assertEquals("dev.tidepool", ss.path("scope").path("name").asText());
                for (JsonNode span : ss.path("spans")) {
                    names.add(span.path("name").asText());
                }
            }
        }
        assertEquals(10, names.stream().filter("json-task"::equals).count(), names.toString());
    }

    @Test
    void otlpOverHttpToACollectorChosenByOtelSettings() throws Exception {
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            bodies.add(exchange.getRequestURI().getPath() + " " + new String(body, StandardCharsets.ISO_8859_1));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        // No protocol setting: the SDK's default (grpc) needs a sender that is not on the class
        // path; Tidepool defaults to http/protobuf, which the JDK's HTTP client sends.
        Map<String, String> settings = Map.of(
                "otel.metrics.exporter", "none",
                "otel.logs.exporter", "none",
                "otel.exporter.otlp.endpoint", "http://127.0.0.1:" + collector.getAddress().getPort(),
                "otel.service.name", "tidepool-test");
        settings.forEach(System::setProperty);
        try (Tracing _ = Tracing.toOpenTelemetry()) {
            runTasks("http-task");
        } finally {
            settings.keySet().forEach(System::clearProperty);
            collector.stop(0);
        }
        String traces = String.join("\n", bodies.stream().filter(b -> b.startsWith("/v1/traces ")).toList());
        assertTrue(traces.contains("http-task"), "span names reach the collector: " + bodies.size() + " requests");
        assertTrue(traces.contains("tidepool-test"), "the service name from otel.service.name");
    }
}
