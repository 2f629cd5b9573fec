package dev.tidepool.process;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tidepool.futures.Promise;
import dev.tidepool.process.worker.Frames;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One submitted job: what to send, where its outcome goes, and why it was stopped (timeout or
 * switch) if it was. Its fields other than the final ones are read and written under the pool's
 * lock.
 */
final class PendingJob {
    /** Under the lock: given when it is queued (0 before). */
    long id;
    final String jobName;
    /** Its input, as JSON text. */
    final String input;
    final JavaType outputType;
    final Promise<Object> promise;
    /** The limit of its run, or null. */
    final Duration timeout;
    /** The worker running it, or null while queued. */
    Worker worker;
    /** Set when a timeout or a switch stops it: the failure its future gets once its process is dead. */
    RuntimeException stopped;
    /**
     * When it was submitted ({@code System.nanoTime()}), and the submitting thread if it was inside
     * a span (else -1): where its trace flow starts, as for a task (TaskTrace).
     */
    final long submitNanos = System.nanoTime();
    final long submitThread = Span.current().getSpanContext().isValid() ? Thread.currentThread().threadId() : -1;
    /** Under the lock: when it was sent to its worker, and when its outcome came ({@code System.nanoTime()}). */
    long sentNanos;
    long endNanos;
    /**
     * While tracing: its progress reports and when they came ({@code System.nanoTime()}), for its
     * slice in the trace. Touched by the thread that reads its worker only.
     */
    private List<Progress> progress;

    /** A progress report and when it came. */
    record Progress(long nanos, JobProgress report) {}

    PendingJob(String jobName, String input, JavaType outputType, Promise<Object> promise, Duration timeout) {
        this.jobName = jobName;
        this.input = input;
        this.outputType = outputType;
        this.promise = promise;
        this.timeout = timeout;
    }

    /** Keeps {@code report} for the trace (the reading thread only). */
    void traceProgress(JobProgress report) {
        if (progress == null) {
            progress = new ArrayList<>();
        }
        progress.add(new Progress(System.nanoTime(), report));
    }

    /** The progress reports kept for the trace (the reading thread only). */
    List<Progress> tracedProgress() {
        return progress == null ? List.of() : progress;
    }

    /** Settles the future with a "result" or "failure" frame {@code f} that worker {@code w} of pool {@code pool} sent. */
    void settle(JsonNode f, Worker w, String pool) {
        if (f.path("type").asText().equals("failure")) {
            String cls = f.path("exception").asText();
            promise.tryFail(new JobFailedException("job " + jobName + " failed in " + w + " of process pool '" + pool
                    + "': " + cls + ": " + f.path("message").asText(), cls, f.path("stack").asText()));
            return;
        }
        Object output;
        try {
            output = Frames.JSON.convertValue(f.get("output"), outputType);
        } catch (IllegalArgumentException e) {
            promise.tryFail(new IllegalStateException("job " + jobName + ": its output cannot be read as "
                    + outputType.toCanonical() + ": " + e.getMessage(), e));
            return;
        }
        promise.tryComplete(output);
    }
}
