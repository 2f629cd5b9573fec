package dev.tidepool.bench;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.WsPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code share}: how a core budget divides its cores between saturating pools of given weights,
 * and how soon a pool that joins later gets its part. Every pool runs the same fork-join pi rounds
 * (2^20 steps in chunks of 2^12), so the pi steps each computes measure its CPU time.
 */
@Command(name = "share", mixinStandardHelpOptions = true,
        description = {"Measure how one core budget is shared between saturating pools of different weights.",
            "Two WsPools of weights 3:1, then 1:1, on one CoreBudget: each one's share of the work; then a third",
            "pool joins two busy ones: when it starts and its share over its first 100 ms."})
final class ShareCommand implements Callable<Integer> {
    private static final int STEPS = 1 << 20;
    private static final int CHUNK = 1 << 12;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cores", description = "the core budget (default: ${DEFAULT-VALUE})", defaultValue = "2")
    int cores;

    @Option(names = "--millis", description = "measurement window per weight pair (default: ${DEFAULT-VALUE})",
            defaultValue = "2000")
    int millis;

    @Override
    public Integer call() {
        if (cores < 1 || millis < 10) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "need --cores >= 1 and --millis >= 10: got " + cores + ", " + millis);
        }
        System.out.printf("CoreBudget.of(%d); each pool: %d workers running pi rounds; a pool's share = its pi steps / all steps%n",
                cores, cores);
        System.out.printf("%-10s %10s %10s %10s %10s%n", "weights", "Msteps A", "Msteps B", "share A", "expected");
        List<String> bars = new ArrayList<>();
        for (int[] w : new int[][] {{3, 1}, {1, 1}}) {
            bars.add(weights(w[0], w[1]));
        }
        bars.addAll(joinLater());
        bars.forEach(System.out::println);
        return 0;
    }

    /** A pool kept busy with pi rounds until stopped, counting its chunks. */
    private static final class Busy {
        final WsPool pool;
        final LongAdder steps = new LongAdder();
        final AtomicLong firstChunk = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final Fut<Object> driver;

        Busy(String name, int weight, int workers, CoreBudget budget) {
            pool = WsPool.builder().name(name).threads(workers).weight(weight).budget(budget).build();
            driver = pool.spawn("rounds", () -> {
                while (!stop.get()) {
                    ForkJoin.reduce(STEPS, CHUNK, 0.0, (lo, hi) -> {
                        double s = Pi.partial(lo, hi, STEPS);
                        firstChunk.compareAndSet(0, System.nanoTime());
                        steps.add(hi - lo);
                        return s;
                    }, Double::sum);
                }
                return null;
            });
        }

        void stop() {
            stop.set(true);
            driver.await();
            pool.shutdown();
        }
    }

    private String weights(int wa, int wb) {
        try (CoreBudget budget = CoreBudget.of(cores)) {
            Busy a = new Busy("a", wa, cores, budget);
            Busy b = new Busy("b", wb, cores, budget);
            try {
                sleepMillis(500); // warm-up, and the shares settle
                long a0 = a.steps.sum();
                long b0 = b.steps.sum();
                sleepMillis(millis);
                long da = a.steps.sum() - a0;
                long db = b.steps.sum() - b0;
                double share = da / (double) Math.max(1, da + db);
                double expected = wa / (double) (wa + wb);
                System.out.printf("%-10s %10d %10d %9.1f%% %9.1f%%%n", wa + ":" + wb, da >> 20, db >> 20, 100 * share, 100 * expected);
                boolean met = Math.abs(share - expected) <= 0.05;
                return String.format("bar: weights %d:%d: share of A %.1f%% within 5 points of %.1f%%: %s", wa, wb,
                        100 * share, 100 * expected, met ? "met" : "MISSED");
            } finally {
                a.stop();
                b.stop();
            }
        }
    }

    private List<String> joinLater() {
        try (CoreBudget budget = CoreBudget.of(cores)) {
            Busy a = new Busy("a", 1, cores, budget);
            Busy b = new Busy("b", 1, cores, budget);
            Busy c = null;
            try {
                sleepMillis(500);
                int samples = 300;
                long[][] counts = new long[samples][3];
                long[] at = new long[samples];
                long joined = System.nanoTime();
                c = new Busy("c", 1, cores, budget);
                for (int i = 0; i < samples; i++) { // one sample a millisecond
                    long due = joined + (i + 1) * 1_000_000L;
                    for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait);
                    }
                    at[i] = System.nanoTime() - joined;
                    counts[i][0] = a.steps.sum();
                    counts[i][1] = b.steps.sum();
                    counts[i][2] = c.steps.sum();
                }
                double firstMs = (c.firstChunk.get() - joined) / 1e6; // the end of its first piece of work
                int from = index(at, 10_000_000L);
                int to = index(at, 110_000_000L);
                double share = shareOfC(counts, from, to);
                double later = shareOfC(counts, to, samples - 1);
                System.out.printf("a third pool joins two busy ones: its first chunk after %.2f ms; its share %.1f%% over"
                        + " [10, 110) ms after joining, %.1f%% over [110, %d) ms (expected 33.3%%)%n", firstMs, 100 * share,
                        100 * later, at[samples - 1] / 1_000_000);
                return List.of(
                        String.format("bar: joining pool starts within 10 ms: %.2f ms: %s", firstMs, firstMs <= 10 ? "met" : "MISSED"),
                        String.format("bar: joining pool's share over [10, 110) ms %.1f%% within 5 points of 33.3%%: %s",
                                100 * share, Math.abs(share - 1 / 3.0) <= 0.05 ? "met" : "MISSED"));
            } finally {
                a.stop();
                b.stop();
                if (c != null) {
                    c.stop();
                }
            }
        }
    }

    private static double shareOfC(long[][] counts, int from, int to) {
        long all = 0;
        for (int k = 0; k < 3; k++) {
            all += counts[to][k] - counts[from][k];
        }
        return (counts[to][2] - counts[from][2]) / (double) Math.max(1, all);
    }

    /** The first sample taken at or after {@code nanos} from the join. */
    private static int index(long[] at, long nanos) {
        for (int i = 0; i < at.length; i++) {
            if (at[i] >= nanos) {
                return i;
            }
        }
        return at.length - 1;
    }

    private static void sleepMillis(long ms) {
        LockSupport.parkNanos(ms * 1_000_000L);
    }
}
