package dev.tidepool.bench;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.WsPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code slices}: small jobs among big ones inside one work-stealing pool, as a server meets them.
 * Big pi jobs saturate a WsPool while a request pool of the same budget sends small pi jobs to it
 * one after another; the same run with time slices off is the peer.
 */
@Command(name = "slices", mixinStandardHelpOptions = true,
        description = {"Measure how long small jobs wait behind big ones in one WsPool, with time slices and without.",
            "Big pi jobs saturate a WsPool; tasks of a 2-worker FifoPool on the same CoreBudget spawn small pi jobs",
            "on it and await them, one after another, while every big job runs. Latency of the small jobs (HdrHistogram)",
            "and the big jobs' time alone against with the small ones, for each time slice."})
final class SlicesCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--big", description = "pi steps of a big job (default: ${DEFAULT-VALUE})", defaultValue = "500000000")
    int big;

    @Option(names = "--bigs", description = "big jobs in flight (default: ${DEFAULT-VALUE})", defaultValue = "4")
    int bigs;

    @Option(names = "--small", description = "pi steps of a small job (default: ${DEFAULT-VALUE})", defaultValue = "1000")
    int small;

    @Option(names = "--pause-us", description = "pause between small jobs, in microseconds (default: ${DEFAULT-VALUE})",
            defaultValue = "2000")
    int pauseMicros;

    @Option(names = "--cores", description = "the core budget (default: ${DEFAULT-VALUE})", defaultValue = "2")
    int cores;

    @Option(names = "--rounds", description = "measured rounds per time slice (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int rounds;

    @Option(names = "--slices-ms", split = ",", description = "time slices to compare, 0 for none (default: 1,0)",
            defaultValue = "1,0")
    List<Integer> slicesMillis;

    /** What one time slice gave over its rounds. */
    private record Result(int sliceMillis, Histogram latency, double aloneSeconds, double mixedSeconds) {}

    @Override
    public Integer call() throws InterruptedException {
        if (big < 1 || bigs < 1 || small < 1 || pauseMicros < 0 || cores < 1 || rounds < 1
                || slicesMillis.stream().anyMatch(m -> m < 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.format(
                    "need --big, --bigs, --small, --cores, --rounds >= 1, --pause-us and --slices-ms >= 0: got %d, %d, %d, %d, %d, %d, %s",
                    big, bigs, small, cores, rounds, pauseMicros, slicesMillis));
        }
        System.out.printf("%d big jobs of pi(%,d) on a %d-worker WsPool, small jobs of pi(%,d) sent by a 2-worker FifoPool"
                + " on the same CoreBudget.of(%d), one every %d us after the last; %d rounds per time slice; latency in ms%n",
                bigs, big, cores, small, cores, pauseMicros, rounds);
        List<Result> results = new ArrayList<>();
        for (int ms : slicesMillis) {
            results.add(measure(ms));
        }
        System.out.printf("%-10s %7s %8s %8s %8s %8s %10s %10s %6s%n", "time slice", "smalls", "p50", "p99", "p99.9", "max",
                "big alone", "big mixed", "x");
        for (Result r : results) {
            Histogram h = r.latency();
            System.out.printf("%-10s %7d %8.2f %8.2f %8.2f %8.2f %9.2fs %9.2fs %6.2f%n", r.sliceMillis() == 0 ? "none" : r.sliceMillis() + " ms",
                    h.getTotalCount(), ms(h, 50), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1e6, r.aloneSeconds(), r.mixedSeconds(),
                    r.aloneSeconds() / r.mixedSeconds());
        }
        for (Result r : results) {
            if (r.sliceMillis() > 0) {
                Histogram h = r.latency();
                double tput = r.aloneSeconds() / r.mixedSeconds();
                System.out.printf("bar: %d ms slices: small p50 %.2f ms <= 5: %s%n", r.sliceMillis(), ms(h, 50), ms(h, 50) <= 5 ? "met" : "MISSED");
                System.out.printf("bar: %d ms slices: small p99 %.2f ms <= 50: %s%n", r.sliceMillis(), ms(h, 99), ms(h, 99) <= 50 ? "met" : "MISSED");
                System.out.printf("bar: %d ms slices: big throughput with small jobs / alone %.2f >= 0.9: %s%n", r.sliceMillis(), tput,
                        tput >= 0.9 ? "met" : "MISSED");
            }
        }
        return 0;
    }

    private Result measure(int sliceMillis) throws InterruptedException {
        Histogram latency = new Histogram(3_600_000_000_000L, 3);
        double alone = 0;
        double mixed = 0;
        try (CoreBudget budget = CoreBudget.of(cores)) {
            WsPool compute = WsPool.builder().name("compute").threads(cores).budget(budget)
                    .timeSlice(Duration.ofMillis(sliceMillis)).build();
            FifoPool requests = FifoPool.builder().name("requests").threads(2).budget(budget).build();
            try {
                for (int i = 0; i < 300; i++) { // warm-up, not measured
                    requests.spawn(() -> compute.spawn(() -> pi(small)).await()).await();
                }
                bigJobs(compute, null, requests, null);
                for (int r = 0; r < rounds; r++) {
                    alone += bigJobs(compute, null, requests, null);
                    mixed += bigJobs(compute, requests, requests, latency);
                }
            } finally {
                requests.shutdown();
                compute.shutdown();
            }
        }
        return new Result(sliceMillis, latency, alone / rounds, mixed / rounds);
    }

    /** Runs the big jobs, with small ones sent through {@code requests} while all run if asked; their wall time. */
    private double bigJobs(WsPool compute, FifoPool smallSender, FifoPool requests, Histogram latency) throws InterruptedException {
        long start = System.nanoTime();
        List<Fut<Double>> jobs = new ArrayList<>();
        for (int i = 0; i < bigs; i++) {
            jobs.add(compute.spawn(() -> pi(big)));
        }
        if (smallSender != null) {
            while (jobs.stream().noneMatch(Fut::isDone)) {
                long sent = System.nanoTime();
                smallSender.spawn(() -> compute.spawn(() -> pi(small)).await()).await();
                latency.recordValue(System.nanoTime() - sent);
                if (pauseMicros > 0) {
                    Thread.sleep(Duration.ofNanos(pauseMicros * 1_000L));
                }
            }
        }
        for (Fut<Double> f : jobs) {
            f.await();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    /** Pi over {@code steps} steps in 64 chunks, as the HTTP example's {@code /pi} cuts it. */
    static double pi(int steps) {
        return ForkJoin.reduce(steps, Math.max(1, steps / 64), 0.0, (lo, hi) -> Pi.partial(lo, hi, steps), Double::sum) / steps;
    }
}
