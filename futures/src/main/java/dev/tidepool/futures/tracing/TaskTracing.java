package dev.tidepool.futures.tracing;

import dev.tidepool.switches.Switch;
import dev.tidepool.switches.internal.SwitchEvents;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;
import java.util.Arrays;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where Tidepool reports what it does to OpenTelemetry: tasks, their suspensions, critical sections,
 * switch turn-offs and pool counters. Nothing is reported until an {@link OpenTelemetry} instance
 * is {@linkplain #install installed}; until then each task pays one volatile read.
 *
 * <p>Most programs do not call this class: {@code dev.tidepool.tracing.Tracing} installs an SDK
 * that writes a Perfetto trace or feeds OTLP exporters, and the environment variable
 * {@code TIDEPOOL_TRACE} does it without code (it needs the {@code tidepool-tracing} artifact on
 * the class or module path). A program with its own OpenTelemetry SDK can pass it here.
 *
 * <p>The system property {@code -Dtidepool.tracing=disabled} removes every tracing call (the JIT
 * folds the check away); {@link #install} then does nothing.
 *
 * <p>Implementation overview: the tracer sits in one volatile field read by every task capture
 * ({@link TaskTrace#capture}); installing publishes a fully built tracer, so a task that sees it
 * sees its state. The spans of the tasks running on a thread, innermost last, are kept in a
 * thread-local stack so that a suspension can be recorded on each of them.
 */
public final class TaskTracing {
    /** The instrumentation scope of every span and instrument Tidepool creates. */
    public static final String SCOPE = "dev.tidepool";

    /** False under {@code -Dtidepool.tracing=disabled}: the calls compile away. */
    static final boolean AVAILABLE = !"disabled".equals(System.getProperty("tidepool.tracing"));

    private static final System.Logger LOG = System.getLogger("dev.tidepool.tracing");
    private static final CopyOnWriteArrayList<Consumer<OpenTelemetry>> LISTENERS = new CopyOnWriteArrayList<>();
    private static final ThreadLocal<SpanStack> OPEN = ThreadLocal.withInitial(SpanStack::new);
    private static volatile Tracer tracer;
    private static volatile OpenTelemetry installed;

    static {
        startFromEnvironment();
    }

    private TaskTracing() {}

    /**
     * Starts reporting to {@code otel}, replacing what was installed before. Spans are created
     * with its tracer for scope {@value #SCOPE}; pool counters with its meter.
     */
    public static void install(OpenTelemetry otel) {
        Objects.requireNonNull(otel, "otel");
        if (!AVAILABLE) {
            LOG.log(System.Logger.Level.WARNING, "tracing is disabled by -Dtidepool.tracing=disabled; nothing is traced");
            return;
        }
        synchronized (TaskTracing.class) {
            installed = otel;
            tracer = otel.getTracer(SCOPE);
            SwitchEvents.observeTurnOff(TaskTracing::switchTurnedOff);
        }
        for (Consumer<OpenTelemetry> l : LISTENERS) {
            l.accept(otel);
        }
    }

    /** Stops reporting; tasks that already started keep their spans. */
    public static synchronized void uninstall() {
        SwitchEvents.observeTurnOff(null);
        tracer = null;
        installed = null;
    }

    /** Whether an OpenTelemetry instance is installed. */
    public static boolean enabled() {
        return AVAILABLE && tracer != null;
    }

    /** The installed tracer, or {@code null}. */
    public static Tracer tracer() {
        return AVAILABLE ? tracer : null;
    }

    /**
     * A span builder for a span of the calling thread that starts at {@code startNanoTime} (a
     * {@link System#nanoTime()} reading): it carries {@link TraceNames#THREAD_ID} and
     * {@link TraceNames#THREAD_NAME}, which put it in its thread's lane.
     */
    public static SpanBuilder spanOnThisThread(Tracer t, String name, long startNanoTime) {
        Thread me = Thread.currentThread();
        return t.spanBuilder(name)
                .setStartTimestamp(TraceClock.toEpochNanos(startNanoTime), TimeUnit.NANOSECONDS)
                .setAttribute(TraceNames.THREAD_ID, me.threadId())
                .setAttribute(TraceNames.THREAD_NAME, me.getName());
    }

    /**
     * Calls {@code listener} with every OpenTelemetry instance installed from now on, and at once
     * with the current one if any. Runners use it to register their counters.
     */
    public static void onInstall(Consumer<OpenTelemetry> listener) {
        Objects.requireNonNull(listener, "listener");
        LISTENERS.add(listener);
        OpenTelemetry now = installed;
        if (now != null) {
            listener.accept(now);
        }
    }

    /**
     * Records on every task span open on the calling thread that the task is about to suspend
     * (its thread will park until {@link #resumed()}).
     */
    public static void suspending() {
        if (AVAILABLE && tracer != null) {
            OPEN.get().event(TraceNames.SUSPEND);
        }
    }

    /** Records that the task spans open on the calling thread run again after {@link #suspending()}. */
    public static void resumed() {
        if (AVAILABLE && tracer != null) {
            OPEN.get().event(TraceNames.RESUME);
        }
    }

    /** A switch turn-off: an event on the current span, or a zero-length span outside any. */
    private static void switchTurnedOff(Switch sw) {
        Tracer t = tracer;
        if (t == null) {
            return;
        }
        long now = System.nanoTime();
        Span current = Span.current();
        if (current.isRecording()) {
            Thread me = Thread.currentThread();
            current.addEvent(TraceNames.SWITCH_OFF, Attributes.of(TraceNames.SWITCH, sw.toString(),
                    TraceNames.THREAD_ID, me.threadId(), TraceNames.THREAD_NAME, me.getName()),
                    TraceClock.toEpochNanos(now), TimeUnit.NANOSECONDS);
        } else {
            spanOnThisThread(t, TraceNames.SWITCH_OFF, now).setAttribute(TraceNames.SWITCH, sw.toString())
                    .startSpan().end(TraceClock.toEpochNanos(now), TimeUnit.NANOSECONDS);
        }
    }

    static SpanStack open() {
        return OPEN.get();
    }

    /** Reads {@code TIDEPOOL_TRACE} once; a provider found through the service loader acts on it. */
    private static void startFromEnvironment() {
        String value = System.getenv("TIDEPOOL_TRACE");
        if (value == null || value.isBlank() || !AVAILABLE) {
            return;
        }
        try {
            for (EnvironmentTracing p : ServiceLoader.load(EnvironmentTracing.class, TaskTracing.class.getClassLoader())) {
                p.start(value);
                return;
            }
            LOG.log(System.Logger.Level.ERROR, "TIDEPOOL_TRACE=" + value + " is set but dev.tidepool:tidepool-tracing"
                    + " is not on the class path; nothing is traced");
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.ERROR, "TIDEPOOL_TRACE=" + value + ": tracing not started: " + e.getMessage());
        }
    }

    /** The spans of the tasks running on one thread, innermost last. */
    static final class SpanStack {
        private Span[] spans = new Span[8];
        private int size;

        void push(Span s) {
            if (size == spans.length) {
                spans = Arrays.copyOf(spans, size * 2);
            }
            spans[size++] = s;
        }

        void pop() {
            spans[--size] = null;
        }

        void event(String name) {
            if (size == 0) {
                return;
            }
            long now = TraceClock.nowEpochNanos();
            for (int i = 0; i < size; i++) {
                spans[i].addEvent(name, now, TimeUnit.NANOSECONDS);
            }
        }
    }
}
