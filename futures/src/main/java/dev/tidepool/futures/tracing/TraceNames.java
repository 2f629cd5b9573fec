package dev.tidepool.futures.tracing;

import io.opentelemetry.api.common.AttributeKey;

/** The names of the attributes, events and instruments Tidepool reports. */
public final class TraceNames {
    private TraceNames() {}

    /** What kind of task a span is: {@code spawn}, {@code fork} or {@code run}. */
    public static final AttributeKey<String> TASK_KIND = AttributeKey.stringKey("tidepool.task.kind");
    /** The name given through {@code spawn(name, ...)}; the span is named after it too. */
    public static final AttributeKey<String> TASK_NAME = AttributeKey.stringKey("tidepool.task.name");
    /** The runner whose worker ran the task. */
    public static final AttributeKey<String> POOL = AttributeKey.stringKey("tidepool.pool");
    /** The index of the worker slot that ran the task, in {@code [0, size)} for core workers. */
    public static final AttributeKey<Long> WORKER = AttributeKey.longKey("tidepool.worker");
    /** Nanoseconds between the task's submission and its start. */
    public static final AttributeKey<Long> QUEUED_NS = AttributeKey.longKey("tidepool.queued_ns");
    /** The thread that submitted the task, when it did so inside a span. */
    public static final AttributeKey<Long> SPAWN_THREAD_ID = AttributeKey.longKey("tidepool.spawn.thread.id");
    /** The process that submitted the task, when not the one the span ran in (a job sent to a worker process). */
    public static final AttributeKey<Long> SPAWN_PROCESS_ID = AttributeKey.longKey("tidepool.spawn.process.pid");
    /** The process a span ran in, when not the one writing the trace (OpenTelemetry's semantic convention). */
    public static final AttributeKey<Long> PROCESS_ID = AttributeKey.longKey("process.pid");
    /** The name a trace viewer shows for {@link #PROCESS_ID}. */
    public static final AttributeKey<String> PROCESS_NAME = AttributeKey.stringKey("tidepool.process.name");
    /** The thread a span ran on (OpenTelemetry's semantic convention). */
    public static final AttributeKey<Long> THREAD_ID = AttributeKey.longKey("thread.id");
    /** The name of the thread a span ran on (OpenTelemetry's semantic convention). */
    public static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");
    /** Nanoseconds a critical section waited for its lock. */
    public static final AttributeKey<Long> LOCK_WAIT_NS = AttributeKey.longKey("tidepool.lock.wait_ns");
    /** The switch that was turned off, on a {@link #SWITCH_OFF} event. */
    public static final AttributeKey<String> SWITCH = AttributeKey.stringKey("tidepool.switch");

    /** Span event: the task is about to suspend (its thread parks). */
    public static final String SUSPEND = "tidepool.suspend";
    /** Span event: the task runs again after a suspension. */
    public static final String RESUME = "tidepool.resume";
    /** Span event (or zero-length span outside any span): a switch was turned off. */
    public static final String SWITCH_OFF = "tidepool.switch.off";
    /** Gauge: tasks queued in a pool, with attribute {@link #POOL}. */
    public static final String POOL_QUEUED = "tidepool.pool.queued";
    /** Gauge: tasks running on a pool's workers, with attribute {@link #POOL}. */
    public static final String POOL_RUNNING = "tidepool.pool.running";
    /** Gauge: milliseconds of CPU a pool's workers ran on its core budget, with attribute {@link #POOL}. */
    public static final String POOL_CPU = "tidepool.pool.cpu_ms";
    /** Gauge: milliseconds during which some of a pool's workers waited for a core, with attribute {@link #POOL}. */
    public static final String POOL_WAITING = "tidepool.pool.waiting_ms";
}
