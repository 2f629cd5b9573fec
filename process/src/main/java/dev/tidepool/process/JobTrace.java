package dev.tidepool.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tidepool.futures.tracing.TaskTracing;
import dev.tidepool.futures.tracing.TraceClock;
import dev.tidepool.futures.tracing.TraceNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What worker processes ran, in this process's trace while tracing is on. Each worker process
 * gets a process track of its own (its pid, and a name saying pool, worker and pid) holding:
 * <ul>
 * <li>a "jobs" lane with one slice per job, from its sending to its outcome as this process saw
 * them, with the submitting thread of this process and the time queued, from which the trace
 * draws the flow from submit to run, and an instant per progress report;
 * <li>the spans the process sent ("span" frames: its job's task, what that spawned, spans its code
 * opened), on the lanes of its own threads.
 * </ul>
 */
final class JobTrace {
    /** The lane of a worker process's jobs: far above any thread id of that JVM. */
    private static final long JOBS_LANE = 1L << 40;
    private static final long SELF = ProcessHandle.current().pid();
    static final AttributeKey<Long> PID = AttributeKey.longKey("tidepool.process.pid");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("tidepool.process.outcome");
    static final AttributeKey<String> PROGRESS_MESSAGE = AttributeKey.stringKey("tidepool.progress.message");
    static final AttributeKey<Double> PROGRESS_FRACTION = AttributeKey.doubleKey("tidepool.progress.fraction");

    private JobTrace() {}

    /** The name a trace shows for worker process {@code w} of {@code pool}. */
    static String processName(String pool, Worker w) {
        return pool + " worker " + w.index + " (pid " + w.pid() + ")";
    }

    /** Records {@code p}, which ran on {@code w}, with its outcome (result, failure, stopped, crashed). */
    static void record(String pool, Worker w, PendingJob p, String outcome) {
        Tracer t = TaskTracing.tracer();
        if (t == null || p.sentNanos == 0L) {
            return;
        }
        long end = p.endNanos;
        var b = t.spanBuilder(simpleName(p.jobName)).setNoParent()
                .setStartTimestamp(TraceClock.toEpochNanos(p.sentNanos), TimeUnit.NANOSECONDS)
                .setAttribute(TraceNames.PROCESS_ID, w.pid())
                .setAttribute(TraceNames.PROCESS_NAME, processName(pool, w))
                .setAttribute(TraceNames.THREAD_ID, JOBS_LANE)
                .setAttribute(TraceNames.THREAD_NAME, "jobs")
                .setAttribute(TraceNames.TASK_KIND, "process")
                .setAttribute(TraceNames.TASK_NAME, p.jobName)
                .setAttribute(TraceNames.POOL, pool)
                .setAttribute(TraceNames.QUEUED_NS, p.sentNanos - p.submitNanos)
                .setAttribute(PID, w.pid())
                .setAttribute(OUTCOME, outcome);
        if (p.submitThread >= 0) { // submitted inside a span: the flow starts in its slice, in this process
            b.setAttribute(TraceNames.SPAWN_THREAD_ID, p.submitThread).setAttribute(TraceNames.SPAWN_PROCESS_ID, SELF);
        }
        Span s = b.startSpan();
        for (PendingJob.Progress pr : p.tracedProgress()) { // instants on the jobs lane
            JobProgress r = pr.report();
            AttributesBuilder a = Attributes.builder();
            if (r.message() != null) {
                a.put(PROGRESS_MESSAGE, r.message());
            }
            if (!Double.isNaN(r.fraction())) {
                a.put(PROGRESS_FRACTION, r.fraction());
            }
            s.addEvent("progress", a.build(), TraceClock.toEpochNanos(pr.nanos()), TimeUnit.NANOSECONDS);
        }
        if (!outcome.equals("result")) {
            s.setStatus(StatusCode.ERROR, outcome);
        }
        s.end(TraceClock.toEpochNanos(end), TimeUnit.NANOSECONDS);
    }

    /** Records a span that worker process {@code w} sent (a "span" frame), in its track. */
    static void fromChild(String pool, Worker w, JsonNode f) {
        Tracer t = TaskTracing.tracer();
        if (t == null) {
            return;
        }
        SpanBuilder b = t.spanBuilder(f.path("name").asText("span")).setNoParent()
                .setStartTimestamp(f.path("start").asLong(), TimeUnit.NANOSECONDS)
                .setAllAttributes(attributes(f.path("attributes")))
                .setAttribute(TraceNames.PROCESS_ID, w.pid())
                .setAttribute(TraceNames.PROCESS_NAME, processName(pool, w));
        Span s = b.startSpan();
        for (JsonNode e : f.path("events")) {
            s.addEvent(e.path("name").asText("event"), attributes(e.path("attributes")),
                    e.path("time").asLong(), TimeUnit.NANOSECONDS);
        }
        if (f.hasNonNull("error")) {
            s.setStatus(StatusCode.ERROR, f.get("error").asText());
        }
        s.end(f.path("end").asLong(), TimeUnit.NANOSECONDS);
    }

    private static Attributes attributes(JsonNode o) {
        AttributesBuilder a = Attributes.builder();
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            JsonNode v = e.getValue();
            if (v.isIntegralNumber()) {
                a.put(e.getKey(), v.asLong());
            } else if (v.isNumber()) {
                a.put(e.getKey(), v.asDouble());
            } else if (v.isBoolean()) {
                a.put(e.getKey(), v.asBoolean());
            } else if (v.isTextual()) {
                a.put(e.getKey(), v.asText());
            }
        }
        return a.build();
    }

    private static String simpleName(String className) {
        int dot = Math.max(className.lastIndexOf('.'), className.lastIndexOf('$'));
        return className.substring(dot + 1);
    }
}
