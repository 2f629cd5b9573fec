package dev.tidepool.tracing;

import dev.tidepool.futures.tracing.TraceClock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns gauge and sum points into counter samples for the {@link PerfettoWriter}. A sample is
 * named after the metric and its attribute values ({@code "tidepool.pool.queued compute"}) and
 * stamped with the export time on Tidepool's trace clock, so that it lines up with the spans.
 */
final class PerfettoCounters implements MetricExporter {
    private final PerfettoWriter writer;

    PerfettoCounters(PerfettoWriter writer) {
        this.writer = writer;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
        long now = TraceClock.nowEpochNanos();
        for (MetricData m : metrics) {
            Collection<? extends PointData> points = switch (m.getType()) {
                case LONG_GAUGE -> m.getLongGaugeData().getPoints();
                case DOUBLE_GAUGE -> m.getDoubleGaugeData().getPoints();
                case LONG_SUM -> m.getLongSumData().getPoints();
                case DOUBLE_SUM -> m.getDoubleSumData().getPoints();
                default -> List.of();
            };
            for (PointData p : points) {
                double value = p instanceof LongPointData l ? l.getValue() : ((DoublePointData) p).getValue();
                String labels = p.getAttributes().asMap().values().stream().map(String::valueOf)
                        .collect(Collectors.joining(" "));
                writer.add(new PerfettoWriter.Sample(labels.isEmpty() ? m.getName() : m.getName() + " " + labels, now, value));
            }
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
