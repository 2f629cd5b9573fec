package dev.tidepool.tracing;

import io.opentelemetry.exporter.logging.otlp.OtlpJsonLoggingMetricExporter;
import io.opentelemetry.exporter.logging.otlp.OtlpJsonLoggingSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * OTLP JSON lines in a file: the SDK's {@code logging-otlp} exporters write one OTLP export request
 * per {@code java.util.logging} record; their loggers are pointed at a handler that writes each
 * record's message as one line of the file (and no longer to the console).
 */
final class OtlpJsonFile {
    /** Strong references: java.util.logging keeps loggers only weakly. */
    private static final List<Logger> LOGGERS = List.of(
            Logger.getLogger(OtlpJsonLoggingSpanExporter.class.getName()),
            Logger.getLogger(OtlpJsonLoggingMetricExporter.class.getName()));

    private OtlpJsonFile() {}

    /** An SDK exporting to {@code file}, and the handle that closes the file after the SDK. */
    static Setup sdk(Path file) {
        OutputStream out;
        try {
            out = Files.newOutputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot write trace to " + file + ": " + e, e));
        }
        Handler handler = new StreamHandler(out, new Formatter() {
            @Override
            public String format(LogRecord r) {
                return r.getMessage() + System.lineSeparator();
            }
        }) {
            @Override
            public synchronized void publish(LogRecord r) {
                super.publish(r);
                flush();
            }
        };
        for (Logger l : LOGGERS) {
            for (Handler old : l.getHandlers()) {
                l.removeHandler(old);
                old.close();
            }
            l.setUseParentHandlers(false);
            l.addHandler(handler);
        }
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(BatchSpanProcessor.builder(OtlpJsonLoggingSpanExporter.create()).build()).build())
                .setMeterProvider(SdkMeterProvider.builder()
                        .registerMetricReader(PeriodicMetricReader.create(OtlpJsonLoggingMetricExporter.create())).build())
                .build();
        return new Setup(sdk, () -> {
            for (Logger l : LOGGERS) {
                l.removeHandler(handler);
                l.setUseParentHandlers(true);
            }
            handler.close();
        });
    }

    record Setup(OpenTelemetrySdk sdk, Runnable closeFile) {}
}
