package dev.tidepool.runners;

import dev.tidepool.futures.tracing.TaskTracing;
import dev.tidepool.futures.tracing.TraceNames;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live pools, reported as four gauges per pool ({@link TraceNames#POOL_QUEUED},
 * {@link TraceNames#POOL_RUNNING}, {@link TraceNames#POOL_CPU}, {@link TraceNames#POOL_WAITING},
 * attribute {@link TraceNames#POOL}) to every OpenTelemetry instance installed in
 * {@link TaskTracing}. The gauges are read when the meter's reader collects; a pool costs nothing
 * in between, except that once an instance is installed the budgets also measure how long pools
 * wait for a core.
 */
final class PoolGauges {
    private static final Set<Pool> LIVE = ConcurrentHashMap.newKeySet();
    /** Pools already reported after they terminated; touched by the collecting thread only. */
    private static final Set<Pool> REPORTED_TERMINATED = ConcurrentHashMap.newKeySet();

    static {
        TaskTracing.onInstall(PoolGauges::registerWith);
    }

    private PoolGauges() {}

    /** Whether an OpenTelemetry instance was installed, so that gauges are collected. */
    private static volatile boolean collected;

    static void register(Pool p) {
        LIVE.add(p);
    }

    /**
     * A pool terminated: it is dropped at once when nothing collects the gauges, else by the next
     * collection after it has been reported once more (so a program that makes many short-lived
     * pools keeps none of them).
     */
    static void terminated(Pool p) {
        if (!collected) {
            LIVE.remove(p);
        }
    }

    /**
     * The pools to report: the live ones and those that terminated since the previous collection
     * (reported once more, so that a short-lived pool is seen at least once with its final values).
     * Called by the first gauge of each collection, which drops the pools reported terminated last
     * time; the other gauges read the same set.
     */
    private static Set<Pool> collect() {
        LIVE.removeAll(REPORTED_TERMINATED);
        REPORTED_TERMINATED.clear();
        for (Pool p : LIVE) {
            if (p.isTerminated()) {
                REPORTED_TERMINATED.add(p);
            }
        }
        return LIVE;
    }

    private static void registerWith(OpenTelemetry otel) {
        collected = true;
        Scheduler.measureWaits = true;
        Meter meter = otel.getMeter(TaskTracing.SCOPE);
        meter.gaugeBuilder(TraceNames.POOL_QUEUED).ofLongs().setUnit("{task}")
                .setDescription("tasks queued in the pool").buildWithCallback(m -> {
                    for (Pool p : collect()) {
                        m.record(p.queuedCount(), Attributes.of(TraceNames.POOL, p.name()));
                    }
                });
        meter.gaugeBuilder(TraceNames.POOL_CPU).ofLongs().setUnit("ms")
                .setDescription("CPU time the pool's workers ran on its core budget").buildWithCallback(m -> {
                    for (Pool p : LIVE) {
                        m.record(p.share().cpuNanos.sum() / 1_000_000, Attributes.of(TraceNames.POOL, p.name()));
                    }
                });
        meter.gaugeBuilder(TraceNames.POOL_WAITING).ofLongs().setUnit("ms")
                .setDescription("time some of the pool's workers waited for a core").buildWithCallback(m -> {
                    for (Pool p : LIVE) {
                        m.record(p.share().waitNanos.sum() / 1_000_000, Attributes.of(TraceNames.POOL, p.name()));
                    }
                });
        meter.gaugeBuilder(TraceNames.POOL_RUNNING).ofLongs().setUnit("{task}")
                .setDescription("tasks running on the pool's workers").buildWithCallback(m -> {
                    for (Pool p : LIVE) {
                        m.record(p.runningCount(), Attributes.of(TraceNames.POOL, p.name()));
                    }
                });
    }
}
