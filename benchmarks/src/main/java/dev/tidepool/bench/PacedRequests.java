package dev.tidepool.bench;

import dev.tidepool.futures.Fut;
import dev.tidepool.runners.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests sent to a runner at a fixed pace from the calling thread, each a fixed amount of CPU
 * work (xorshift rounds); a request's latency runs from its submission to the end of its work.
 */
record PacedRequests(int count, int intervalMicros, int work) {
    /** Sends the requests to {@code on} and returns their latencies once all have answered. */
    Latency send(Runner on) {
        return Latency.of(latencies(on));
    }

    /** Sends the requests to {@code on} and returns each one's latency, in nanoseconds, once all have answered. */
    long[] latencies(Runner on) {
        long[] latency = new long[count];
        long[] sink = new long[count];
        List<Fut<Void>> done = new ArrayList<>(count);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = t0 + i * 1_000L * intervalMicros;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
            }
            int k = i;
            long sent = System.nanoTime();
            done.add(on.spawn("request", () -> {
                sink[k] = answer(k, work);
                latency[k] = System.nanoTime() - sent;
                return null;
            }));
        }
        Fut.allOf(done).await();
        long check = 0;
        for (long v : sink) {
            check ^= v;
        }
        if (check == 42) {
            System.out.print(""); // keeps the answers live
        }
        return latency;
    }

    /** How long sending takes, at the pace, in nanoseconds. */
    long durationNanos() {
        return count * 1_000L * intervalMicros;
    }

    static long answer(int id, int work) {
        long x = id * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < work; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
