package dev.tidepool.process;

import dev.tidepool.futures.tracing.TaskTracing;
import dev.tidepool.futures.tracing.TraceClock;
import dev.tidepool.futures.tracing.TraceNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.concurrent.TimeUnit;

/**
 * A job a worker process ran, as a span while tracing is on: in a lane of its own per worker
 * process (a lane number no thread of this JVM has), from its sending to its outcome, with the
 * submitting thread and the time queued, from which a trace draws the flow from submit to run.
 */
final class JobTrace {
    /** Lane numbers of worker processes: far above any thread id of this JVM. */
    private static final long LANES = 1L << 40;
    static final AttributeKey<Long> PID = AttributeKey.longKey("tidepool.process.pid");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("tidepool.process.outcome");

    private JobTrace() {}

    /** Records {@code p}, which ran on {@code w}, with its outcome (result, failure, stopped, crashed). */
    static void record(String pool, Worker w, PendingJob p, String outcome) {
        Tracer t = TaskTracing.tracer();
        if (t == null || p.sentNanos == 0L) {
            return;
        }
        long end = p.endNanos;
        var b = t.spanBuilder(simpleName(p.jobName))
                .setStartTimestamp(TraceClock.toEpochNanos(p.sentNanos), TimeUnit.NANOSECONDS)
                .setAttribute(TraceNames.THREAD_ID, LANES + w.pid())
                .setAttribute(TraceNames.THREAD_NAME, pool + " worker " + w.index + " (pid " + w.pid() + ")")
                .setAttribute(TraceNames.TASK_KIND, "process")
                .setAttribute(TraceNames.TASK_NAME, p.jobName)
                .setAttribute(TraceNames.POOL, pool)
                .setAttribute(TraceNames.QUEUED_NS, p.sentNanos - p.submitNanos)
                .setAttribute(PID, w.pid())
                .setAttribute(OUTCOME, outcome);
        if (p.submitThread >= 0) { // submitted inside a span: the flow starts in its slice
            b.setAttribute(TraceNames.SPAWN_THREAD_ID, p.submitThread);
        }
        Span s = b.startSpan();
        if (!outcome.equals("result")) {
            s.setStatus(StatusCode.ERROR, outcome);
        }
        s.end(TraceClock.toEpochNanos(end), TimeUnit.NANOSECONDS);
    }

    private static String simpleName(String className) {
        int dot = Math.max(className.lastIndexOf('.'), className.lastIndexOf('$'));
        return className.substring(dot + 1);
    }
}
