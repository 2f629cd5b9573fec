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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * OTLP JSON lines in a file: the SDK's {@code logging-otlp} exporters write one OTLP export request
 * per {@code java.util.logging} record. A {@link Filter} on their two loggers writes each record's
 * message as one line of the file and stops the record there (so nothing goes to the console).
 * A filter rather than a handler: {@code java.util.logging} resets every logger from a shutdown
 * hook of its own, which runs at the same time as the hook that makes the last export; the reset
 * removes and closes handlers but keeps filters, so a handler lost every span of a program that
 * ended before the first scheduled export (5 s), and a filter loses none.
 */
final class OtlpJsonFile {
    /** Strong references: java.util.logging keeps loggers only weakly. */
    private static final List<Logger> LOGGERS = List.of(
            Logger.getLogger(OtlpJsonLoggingSpanExporter.class.getName()),
            Logger.getLogger(OtlpJsonLoggingMetricExporter.class.getName()));

    private OtlpJsonFile() {}

    /** An SDK exporting to {@code file}, and the handle that closes the file after the SDK. */
    static Setup sdk(Path file) {
        Lines lines;
        try {
            lines = new Lines(Files.newOutputStream(file));
        } catch (IOException e) {
            throw Tracing.cannotWrite(file, e);
        }
        for (Logger l : LOGGERS) {
            l.setLevel(Level.INFO); // what the exporters log at, whatever the configuration says
            l.setFilter(lines);
        }
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(BatchSpanProcessor.builder(OtlpJsonLoggingSpanExporter.create()).build()).build())
                .setMeterProvider(SdkMeterProvider.builder()
                        .registerMetricReader(PeriodicMetricReader.create(OtlpJsonLoggingMetricExporter.create())).build())
                .build();
        return new Setup(sdk, () -> {
            for (Logger l : LOGGERS) {
                if (l.getFilter() == lines) {
                    l.setFilter(null);
                    l.setLevel(null);
                }
            }
            lines.close();
        });
    }

    /** Each record's message as a line of the file, flushed at once; a closed file takes nothing. */
    private static final class Lines implements Filter {
        private final OutputStream out;
        private boolean closed;

        Lines(OutputStream out) {
            this.out = out;
        }

        @Override
        public boolean isLoggable(LogRecord r) {
            synchronized (this) {
                if (!closed) {
                    try {
                        out.write((r.getMessage() + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    } catch (IOException e) {
                        closed = true;
                        System.getLogger("dev.tidepool.tracing").log(System.Logger.Level.ERROR,
                                "OTLP JSON file: " + e + "; tracing to it stopped");
                    }
                }
            }
            return false;
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                try {
                    out.close();
                } catch (IOException e) {
                    System.getLogger("dev.tidepool.tracing").log(System.Logger.Level.ERROR, "OTLP JSON file: " + e);
                }
            }
        }
    }

    record Setup(OpenTelemetrySdk sdk, Runnable closeFile) {}
}
