package dev.tidepool.runners;

import dev.tidepool.futures.spi.TaskTracing;
import dev.tidepool.futures.spi.TraceNames;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live pools, reported as two gauges per pool ({@link TraceNames#POOL_QUEUED},
 * {@link TraceNames#POOL_RUNNING}, attribute {@link TraceNames#POOL}) to every OpenTelemetry
 * instance installed in {@link TaskTracing}. The gauges are read when the meter's reader
 * collects; a pool costs nothing in between.
 */
final class PoolGauges {
    private static final Set<Pool> LIVE = ConcurrentHashMap.newKeySet();

    static {
        TaskTracing.onInstall(PoolGauges::registerWith);
    }

    private PoolGauges() {}

    static void register(Pool p) {
        LIVE.add(p);
    }

    static void unregister(Pool p) {
        LIVE.remove(p);
    }

    private static void registerWith(OpenTelemetry otel) {
        Meter meter = otel.getMeter(TaskTracing.SCOPE);
        meter.gaugeBuilder(TraceNames.POOL_QUEUED).ofLongs().setUnit("{task}")
                .setDescription("tasks queued in the pool").buildWithCallback(m -> {
                    for (Pool p : LIVE) {
                        m.record(p.queuedCount(), Attributes.of(TraceNames.POOL, p.name()));
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
