package dev.tidepool.bench;

import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.WsPool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code isolation}: does a latency pool keep its latency while fork-join work saturates the same
 * core budget, and does the compute pool keep its throughput while serving it?
 */
@Command(name = "isolation", mixinStandardHelpOptions = true,
        description = {"Measure request latency and compute throughput while pools share one core budget.",
            "Paced requests on a 2-worker FifoPool while each compute load saturates a WsPool of the same",
            "CoreBudget: request latency idle vs saturated, and compute throughput alone vs while serving requests."})
final class IsolationCommand implements Callable<Integer> {
    /** How many times the idle, alone and serving phases take turns. */
    private static final int SEGMENTS = 4;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--requests", description = "requests per phase, sent in 4 turns of the three phases (default: ${DEFAULT-VALUE})", defaultValue = "1000")
    int requests;

    @Option(names = "--interval-us", description = "microseconds between requests (default: ${DEFAULT-VALUE})", defaultValue = "1000")
    int intervalMicros;

    @Option(names = "--work", description = "xorshift rounds per request, ~50 us at the default (default: ${DEFAULT-VALUE})",
            defaultValue = "20000")
    int work;

    @Option(names = "--cores", description = "the core budget (default: ${DEFAULT-VALUE})", defaultValue = "2")
    int cores;

    @Option(names = "--loads", split = ",", description = "loads to run: ${COMPLETION-CANDIDATES} (default: all)")
    List<ComputeLoad> loads;

    @Option(names = "--no-warm-up", description = "measure from the start, without an unmeasured round first")
    boolean noWarmUp;

    @Option(names = "--cotenant", paramLabel = "N", description = "N threads spinning in another JVM at nice 19 while it runs,"
            + " as other load on the machine (default: none)", defaultValue = "0")
    int cotenant;

    @Override
    public Integer call() throws InterruptedException, java.io.IOException {
        if (requests < 1 || intervalMicros < 1 || work < 0 || cores < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), String.format(
                    "need --requests >= 1, --interval-us >= 1, --work >= 0, --cores >= 1: got %d, %d, %d, %d",
                    requests, intervalMicros, work, cores));
        }
        Cotenants.check(spec, cotenant);
        PacedRequests paced = new PacedRequests(requests, intervalMicros, work);
        List<String> bars = new ArrayList<>();
        try (Cotenant beside = Cotenant.start(cotenant)) {
            System.out.printf("%d requests per phase in %d turns of idle, alone and serving, one every %d us, %d xorshift rounds"
                    + " each; CoreBudget.of(%d): a 2-worker FifoPool for requests, a %d-worker WsPool for compute; latency in ms%n",
                    requests, SEGMENTS, intervalMicros, work, cores, cores);
            System.out.println("co-tenant: " + beside.description());
            System.out.printf("%-36s %8s %8s %6s %8s %8s %6s %12s %12s %6s%n", "compute load", "idle p50", "sat p50", "x",
                    "idle p99", "sat p99", "x", "alone /s", "serving /s", "x");
            for (ComputeLoad load : loads == null ? List.of(ComputeLoad.values()) : loads) {
                bars.addAll(measure(load, paced));
            }
        }
        bars.forEach(System.out::println);
        return 0;
    }

    private List<String> measure(ComputeLoad load, PacedRequests paced) throws InterruptedException {
        try (CoreBudget budget = CoreBudget.of(cores)) {
            FifoPool requestPool = FifoPool.builder().name("requests").threads(2).budget(budget).build();
            WsPool compute = WsPool.builder().name("compute").threads(cores).budget(budget).build();
            try {
                if (!noWarmUp) {
                    // Long enough with the load running that the JIT has compiled the paths two pools
                    // sharing the cores take (carrier hand-offs, yields): with 200 requests, C2 was
                    // still compiling them during the measured phase, and a compiler thread taking a
                    // core for 40 ms delayed a burst of requests by up to 4 ms.
                    new PacedRequests(Math.min(200, requests), intervalMicros, work).send(requestPool);
                    ComputeLoad.Running r = load.start(compute, cores, load.roundSize(cores));
                    new PacedRequests(Math.min(2000, requests), intervalMicros, work).send(requestPool);
                    r.stop();
                }
                int n = load.roundSize(cores); // once: every phase counts rounds of the same size
                // The three phases (requests alone, compute alone, both) take turns in SEGMENTS
                // rounds, so that a machine that slows down or speeds up for a while (steal time,
                // frequency) weighs on all three alike instead of on whichever phase it fell in.
                PacedRequests segment = new PacedRequests(Math.max(1, paced.count() / SEGMENTS), paced.intervalMicros(), paced.work());
                List<long[]> idleLatencies = new ArrayList<>();
                List<long[]> loadedLatencies = new ArrayList<>();
                double aloneSum = 0;
                double servingSum = 0;
                for (int k = 0; k < SEGMENTS; k++) {
                    idleLatencies.add(segment.latencies(requestPool));
                    aloneSum += alone(load, compute, segment, n);
                    ComputeLoad.Running serving = load.start(compute, cores, n);
                    loadedLatencies.add(segment.latencies(requestPool));
                    servingSum += serving.stop();
                }
                Latency idle = Latency.of(concat(idleLatencies));
                Latency loaded = Latency.of(concat(loadedLatencies));
                double aloneRate = aloneSum / SEGMENTS;
                double servingRate = servingSum / SEGMENTS;
                double p50 = ratio(loaded.p50(), idle.p50());
                double p99 = ratio(loaded.p99(), idle.p99());
                double tput = servingRate / aloneRate;
                System.out.printf("%-36s %8.3f %8.3f %6.2f %8.3f %8.3f %6.2f %12.1f %12.1f %6.2f%n", load.label,
                        idle.p50() / 1e6, loaded.p50() / 1e6, p50, idle.p99() / 1e6, loaded.p99() / 1e6, p99,
                        aloneRate, servingRate, tput);
                return List.of(
                        bar(load, "saturated p50 / idle p50", p50, "<=", 1.5, p50 <= 1.5),
                        bar(load, "saturated p99 / idle p99", p99, "<=", 3.0, p99 <= 3.0),
                        bar(load, "compute throughput serving / alone", tput, ">=", 0.9, tput >= 0.9));
            } finally {
                requestPool.shutdown();
                compute.shutdown();
            }
        }
    }

    private static long[] concat(List<long[]> parts) {
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }

    /** The load's rate alone on the pool, over as long as the requests take. */
    private double alone(ComputeLoad load, WsPool compute, PacedRequests paced, int n) throws InterruptedException {
        ComputeLoad.Running alone = load.start(compute, cores, n);
        Thread.sleep(paced.durationNanos() / 1_000_000);
        return alone.stop();
    }

    private static String bar(ComputeLoad load, String what, double value, String op, double limit, boolean met) {
        return String.format("bar: %s: %s %.2f %s %.1f: %s", load.label, what, value, op, limit, met ? "met" : "MISSED");
    }

    private static double ratio(long a, long b) {
        return (double) a / Math.max(1, b);
    }
}
