package dev.tidepool.bench;

import java.util.Arrays;

/** Percentiles of a list of latencies, in nanoseconds (nearest rank). */
record Latency(int count, long p50, long p90, long p99, long max) {
    static Latency of(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new Latency(s.length, at(s, 0.50), at(s, 0.90), at(s, 0.99), s[s.length - 1]);
    }

    private static long at(long[] s, double q) {
        return s[Math.max(0, (int) Math.ceil(s.length * q) - 1)];
    }
}
