package dev.tidepool.futures;

import dev.tidepool.futures.tracing.TaskTracing;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * What a callback or continuation carries from the code that registered it to wherever it runs:
 * that code's task-local values, and its OpenTelemetry context while tracing is installed (so a
 * span a continuation opens is a child of the registering code's span, not of the settler's).
 * {@link #capture()} is null, and costs two reads, when there is nothing to carry; a null
 * {@code Carried} still runs its work with no task-local values once any are in use.
 */
record Carried(TaskContext locals, Context otel) {
    static Carried capture() {
        TaskContext locals = TaskContext.captureIfAny();
        Context otel = TaskTracing.enabled() ? Context.current() : null;
        return locals == null && otel == null ? null : new Carried(locals, otel);
    }

    /** Whether {@link #run} does anything but call {@code body}. */
    static boolean needed(Carried c) {
        return c != null || TaskContext.needed(null);
    }

    static void run(Carried c, Runnable body) {
        if (c == null || c.otel == null) {
            TaskContext.runIn(c == null ? null : c.locals, body);
            return;
        }
        try (Scope _ = c.otel.makeCurrent()) {
            TaskContext.runIn(c.locals, body);
        }
    }
}
