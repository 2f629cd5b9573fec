package dev.tidepool.tracing;

import dev.tidepool.futures.tracing.TaskTracing;
import dev.tidepool.futures.tracing.TraceClock;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Turns Tidepool's tracing on: every task becomes a span on the worker that ran it (with its time
 * queued, its runner and worker, and a flow from the span that spawned it), suspensions cut the
 * task's slices, critical sections of {@code Lock}/{@code Immlock} are spans named after the lock,
 * switch turn-offs are events, and each pool's queued and running tasks are counters.
 *
 * <pre>{@code
 * try (Tracing t = Tracing.toPerfetto(Path.of("trace.json"))) {
 *     ... run the program ...
 * }   // open trace.json in https://ui.perfetto.dev
 * }</pre>
 *
 * <p>One tracing is active at a time: starting one closes the previous one. {@link #close()}
 * writes what is pending and stops tracing; a JVM that exits without it closes it from a
 * shutdown hook, and one that is killed leaves a Perfetto file that is still valid JSON, with
 * everything written up to the last batch (batches go out at least every 20 ms), unless the kill
 * lands while a batch is being written, which cuts that batch short.
 *
 * <p>Tasks that start after tracing starts are traced; so are the counters of pools created
 * before. Tracing costs nothing measurable while off (see docs/guide/tracing.md for the numbers).
 */
public final class Tracing implements AutoCloseable {
    private static final Duration COUNTER_PERIOD = Duration.ofMillis(10);
    private static Tracing active;

    private final OpenTelemetrySdk sdk;
    private final PerfettoWriter writer;
    /** Run after the SDK is shut down; may be null. */
    private final Runnable afterShutdown;
    private final String description;
    private final Thread hook;
    private boolean closed;

    private Tracing(OpenTelemetrySdk sdk, PerfettoWriter writer, Runnable afterShutdown, String description) {
        this.sdk = sdk;
        this.writer = writer;
        this.afterShutdown = afterShutdown;
        this.description = description;
        this.hook = Thread.ofPlatform().unstarted(() -> {
            if (stop()) {
                release();
            }
        });
    }

    /**
     * Traces to {@code file} in the Chrome Trace Event Format that ui.perfetto.dev (and
     * chrome://tracing, speedscope) open.
     *
      * @param file the trace file to write
      * @return the tracing, to close when the traced work is done
     * @throws UncheckedIOException naming the file if it cannot be created or written
     */
    public static Tracing toPerfetto(Path file) {
        return toPerfetto(file, defaultProcessName());
    }

    /**
     * Same as {@link #toPerfetto(Path)}, with the name the viewer shows for this process.
     *
     * @param file the trace file to write
     * @param processName the process name shown by the viewer
     * @return the tracing, to close when the traced work is done
     */
    public static Tracing toPerfetto(Path file, String processName) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(processName, "processName");
        checkWritable(file);
        PerfettoWriter writer;
        try {
            writer = new PerfettoWriter(file, TraceClock.nowEpochNanos(), processName);
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(new PerfettoSpans(writer)).build())
                .setMeterProvider(SdkMeterProvider.builder()
                        .registerMetricReader(PeriodicMetricReader.builder(new PerfettoCounters(writer))
                                .setInterval(COUNTER_PERIOD).build())
                        .build())
                .build();
        return start(sdk, writer, null, "Perfetto trace " + file);
    }

    /**
     * Traces through the OpenTelemetry SDK configured from the standard {@code OTEL_*} environment
     * variables and {@code otel.*} system properties: for example
     * {@code OTEL_TRACES_EXPORTER=otlp} with {@code OTEL_EXPORTER_OTLP_ENDPOINT} (OTLP over HTTP
     * to a collector), or {@code OTEL_TRACES_EXPORTER=logging-otlp} (OTLP JSON lines on the
     * {@code java.util.logging} logger of that exporter). OTLP goes over HTTP
     * ({@code http/protobuf}, the JDK's own HTTP client) unless {@code OTEL_EXPORTER_OTLP_PROTOCOL}
     * says {@code grpc}, which needs a gRPC sender such as {@code opentelemetry-exporter-sender-okhttp}
     * on the class path; with no setting at all, spans go to a collector on
     * {@code http://localhost:4318}.
      *
      * @return the tracing, to close when the traced work is done
     */
    public static Tracing toOpenTelemetry() {
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of("otel.exporter.otlp.protocol", "http/protobuf"))
                .disableShutdownHook().build().getOpenTelemetrySdk();
        return start(sdk, null, null, "OpenTelemetry SDK from OTEL_* settings");
    }

    /**
     * Traces OTLP JSON lines (one export request per line, as the {@code logging-otlp} exporters
     * write them) to {@code file}.
     *
      * @param file the file to write
      * @return the tracing, to close when the traced work is done
     * @throws UncheckedIOException naming the file if it cannot be created or written
     */
    public static Tracing toOtlpJsonFile(Path file) {
        checkWritable(Objects.requireNonNull(file, "file"));
        OtlpJsonFile.Setup s = OtlpJsonFile.sdk(file);
        return start(s.sdk(), null, s.closeFile(), "OTLP JSON file " + file);
    }

    /**
     * Traces to {@code otel}, an SDK the program built itself. Closing the returned tracing stops
     * tracing but leaves {@code otel} open.
      *
      * @param otel the SDK to export to
      * @return the tracing, to close when the traced work is done
     */
    public static Tracing to(OpenTelemetry otel) {
        Objects.requireNonNull(otel, "otel");
        synchronized (Tracing.class) {
            closeActive();
            TaskTracing.install(otel);
            active = new Tracing(null, null, null, "OpenTelemetry " + otel);
            return active;
        }
    }

    /**
     * Starts tracing as {@code TIDEPOOL_TRACE} says, or returns null when it is unset or blank.
     * Values: a file name ending in {@code .json} (Perfetto), {@code otlp-json:FILE} (OTLP JSON
     * lines), {@code otel} (SDK from the {@code OTEL_*} variables).
     *
      * @return the tracing started, or null when the variable is unset or blank
     * @throws IllegalArgumentException naming the value when it is none of those
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public static Tracing fromEnvironment() {
        String v = System.getenv("TIDEPOOL_TRACE");
        return v == null || v.isBlank() ? null : fromSpec(v.strip());
    }

    static Tracing fromSpec(String v) {
        if (v.equals("otel")) {
            return toOpenTelemetry();
        }
        if (v.startsWith("otlp-json:") && v.length() > "otlp-json:".length()) {
            return toOtlpJsonFile(Path.of(v.substring("otlp-json:".length())));
        }
        if (v.endsWith(".json") && v.length() > ".json".length()) {
            return toPerfetto(Path.of(v));
        }
        throw new IllegalArgumentException("TIDEPOOL_TRACE=" + v + " is not understood: use FILE.json (Perfetto),"
                + " otlp-json:FILE (OTLP JSON lines) or otel (OpenTelemetry SDK from the OTEL_* variables)");
    }

    /** "cannot write trace to FILE: permission denied", with {@code e} as the cause. */
    static UncheckedIOException cannotWrite(Path file, IOException e) {
        String why = switch (e) {
            case NoSuchFileException x -> "no such file or directory";
            case AccessDeniedException x -> "permission denied";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            default -> String.valueOf(e.getMessage());
        };
        return new UncheckedIOException(new IOException("cannot write trace to " + file + ": " + why, e));
    }

    /** The one-line reasons a trace file cannot be created, before anything is started. */
    private static void checkWritable(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UncheckedIOException(new IOException("cannot write trace to " + file + ": directory " + parent + " does not exist"));
        }
        if (Files.isDirectory(file)) {
            throw new UncheckedIOException(new IOException("cannot write trace to " + file + ": it is a directory"));
        }
    }

    private static Tracing start(OpenTelemetrySdk sdk, PerfettoWriter writer, Runnable afterShutdown, String description) {
        synchronized (Tracing.class) {
            closeActive();
            Tracing t = new Tracing(sdk, writer, afterShutdown, description);
            Runtime.getRuntime().addShutdownHook(t.hook);
            TaskTracing.install(sdk);
            active = t;
            return t;
        }
    }

    private static void closeActive() {
        if (active != null) {
            active.close();
        }
    }

    /** Waits until every span ended so far, and a fresh counter sample, is written or exported. */
    public void flush() {
        if (sdk != null) { // counters first: the span processor's flush also drains the Perfetto writer
            sdk.getSdkMeterProvider().forceFlush().join(30, TimeUnit.SECONDS);
            sdk.getSdkTracerProvider().forceFlush().join(30, TimeUnit.SECONDS);
        }
    }

    /** Stops tracing, writes or exports what is pending and closes the file. Idempotent. */
    @Override
    public void close() {
        if (!stop()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting and runs the hook, which finds this tracing stopped already
        }
        release();
    }

    /** Marks this tracing closed and uninstalls it if it is the active one; false if it was closed. */
    private boolean stop() {
        synchronized (Tracing.class) {
            if (closed) {
                return false;
            }
            closed = true;
            if (active == this) {
                TaskTracing.uninstall();
                active = null;
            }
            return true;
        }
    }

    /** Shuts the SDK down (a last export of spans and counters), then closes the file. */
    private void release() {
        if (sdk != null) {
            sdk.shutdown().join(30, TimeUnit.SECONDS);
        }
        if (afterShutdown != null) {
            afterShutdown.run();
        }
        if (writer != null) {
            try {
                writer.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "Tracing[" + description + (closed ? ", closed]" : "]");
    }

    private static String defaultProcessName() {
        String command = System.getProperty("sun.java.command", "");
        String first = command.isBlank() ? "java" : command.split(" ")[0];
        int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('.') >= 0 && !first.endsWith(".jar") ? first.lastIndexOf('.') : -1);
        return slash >= 0 ? first.substring(slash + 1) : first;
    }
}
