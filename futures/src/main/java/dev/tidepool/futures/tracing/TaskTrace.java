package dev.tidepool.futures.tracing;

import dev.tidepool.futures.TaskContext;
import dev.tidepool.futures.spi.PendingTask;
import dev.tidepool.futures.spi.Suspension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * What a queued task remembers of its submission so that its run can become a span: the submitting
 * context (the span's parent), thread and time. {@link #capture} returns {@code null} when tracing
 * is off, so an untraced task carries one null field.
 *
 * <p>The span starts when the task starts, on the thread that runs it, with attributes
 * {@link TraceNames#QUEUED_NS} (time spent queued), the runner and worker, the thread, and the
 * submitting thread. Suspensions of the task are events on it ({@link TaskTracing#suspending()}).
 */
public final class TaskTrace {
    private final Tracer tracer;
    private final String kind;
    private final String name;
    private final Context parent;
    private final long spawnThread;
    private final long submitted;

    private TaskTrace(Tracer tracer, String kind, String name) {
        this.tracer = tracer;
        this.kind = kind;
        this.name = name;
        this.parent = Context.current();
        // A flow starts in the slice of a local span only: a span of another process (a task sent
        // by a cluster member) has no slice on this thread.
        var spanContext = Span.fromContext(parent).getSpanContext();
        this.spawnThread = spanContext.isValid() && !spanContext.isRemote() ? Thread.currentThread().threadId() : -1;
        this.submitted = System.nanoTime();
    }

    /**
     * Captures the submission of a task of {@code kind} ({@code spawn}, {@code fork}, {@code run})
     * named {@code name} (or null); returns null when tracing is off.
     */
    public static TaskTrace capture(String kind, String name) {
        if (!TaskTracing.AVAILABLE) {
            return null;
        }
        Tracer t = TaskTracing.tracer();
        return t == null ? null : new TaskTrace(t, kind, name);
    }

    /**
     * {@code task} itself, or a runnable that runs it as a traced task (when tracing is on) and
     * with its submitter's {@link TaskContext} (once task-local values are in use); a
     * {@link PendingTask} is returned as is (it does both itself).
     */
    public static Runnable wrap(Runnable task) {
        if (task instanceof PendingTask || task instanceof Traced) {
            return task;
        }
        TaskContext ctx = TaskContext.captureIfAny();
        TaskTrace trace = capture("run", null);
        return trace == null && ctx == null ? task : new Traced(task, trace, ctx);
    }

    /** The task that {@link #wrap} wrapped, or {@code task} itself. */
    public static Runnable unwrap(Runnable task) {
        return task instanceof Traced t ? t.task : task;
    }

    /** Runs {@code body} on the calling thread inside the task's span, and returns its result. */
    public <T> T call(Callable<T> body) throws Exception {
        long start = System.nanoTime();
        SpanBuilder b = TaskTracing.spanOnThisThread(tracer, name != null ? name : kind, start)
                .setParent(parent)
                .setAttribute(TraceNames.TASK_KIND, kind)
                .setAttribute(TraceNames.QUEUED_NS, start - submitted);
        if (name != null) {
            b.setAttribute(TraceNames.TASK_NAME, name);
        }
        if (spawnThread >= 0) {
            b.setAttribute(TraceNames.SPAWN_THREAD_ID, spawnThread);
        }
        Suspension.Hook hook = Suspension.current();
        if (hook != null) {
            String runner = hook.runnerName();
            if (runner != null) {
                b.setAttribute(TraceNames.POOL, runner);
            }
            int worker = hook.workerIndex();
            if (worker >= 0) {
                b.setAttribute(TraceNames.WORKER, worker);
            }
        }
        Span span = b.startSpan();
        TaskTracing.SpanStack open = TaskTracing.open();
        open.push(span);
        try (Scope _ = span.makeCurrent()) {
            return body.call();
        } catch (Throwable e) {
            span.setStatus(StatusCode.ERROR, String.valueOf(e));
            throw e;
        } finally {
            open.pop();
            span.end(TraceClock.nowEpochNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Runs {@code body} on the calling thread inside the task's span. */
    public void run(Runnable body) {
        try {
            call(() -> {
                body.run();
                return null;
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e); // a Runnable throws no checked exception
        }
    }

    private record Traced(Runnable task, TaskTrace trace, TaskContext context) implements Runnable {
        @Override
        public void run() {
            try {
                TaskContext.callIn(context, () -> {
                    if (trace == null) {
                        task.run();
                    } else {
                        trace.run(task);
                    }
                    return null;
                });
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError(e); // a Runnable throws no checked exception
            }
        }
    }
}
