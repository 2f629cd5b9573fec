package dev.tidepool.process;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tidepool.futures.Promise;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;

/**
 * One submitted job: what to send, where its outcome goes, and why it was stopped (timeout or
 * switch) if it was. Its fields other than the final ones are read and written under the pool's
 * lock.
 */
final class PendingJob {
    final long id;
    final String jobName;
    final JsonNode input;
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

    PendingJob(long id, String jobName, JsonNode input, JavaType outputType, Promise<Object> promise, Duration timeout) {
        this.id = id;
        this.jobName = jobName;
        this.input = input;
        this.outputType = outputType;
        this.promise = promise;
        this.timeout = timeout;
    }
}
