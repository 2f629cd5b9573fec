package dev.tidepool.bench;

import org.HdrHistogram.Histogram;

/** Percentiles of a list of latencies, in nanoseconds, from an HdrHistogram (3 significant digits). */
record Latency(int count, long p50, long p90, long p99, long max) {
    static Latency of(long[] nanos) {
        Histogram h = new Histogram(3); // resizes itself to the largest value recorded
        for (long n : nanos) {
            h.recordValue(Math.max(0L, n));
        }
        return new Latency(nanos.length, h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getMaxValue());
    }
}
