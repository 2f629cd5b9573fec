package dev.tidepool.bench;

import dev.tidepool.cli.CliProgress;
import dev.tidepool.runners.WsPool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code primes}: Moonpool's channel sieve with Tidepool channels and with JDK queues, timed side by side. */
@Command(name = "primes", mixinStandardHelpOptions = true,
        description = {"Time Moonpool's channel sieve: one task per prime, linked by channels, against JDK peers.",
            "Modes: tidepool (Chan.bounded(--chan-size) between tasks on a WsPool of -j workers), vthreads (an",
            "ArrayBlockingQueue, or a SynchronousQueue at size 0, between virtual threads) and threads (the same",
            "between platform threads)."})
final class PrimesCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "-n", description = "sieve the numbers 2..n (default: ${DEFAULT-VALUE})", defaultValue = "10000")
    int n;

    @Option(names = "--chan-size", description = "capacity of each channel, 0 for a rendezvous (default: ${DEFAULT-VALUE})",
            defaultValue = "16")
    int chanSize;

    @Option(names = "-j", description = "workers of the Tidepool pool (default: available processors)")
    Integer threads;

    @Option(names = "--repeats", description = "timed runs per mode, after 2 untimed ones (default: ${DEFAULT-VALUE})",
            defaultValue = "5")
    int repeats;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        if (n < 2 || n > 200_000) {
            throw new CommandLine.ParameterException(cli, "-n must be between 2 and 200000: " + n);
        }
        if (chanSize < 0) {
            throw new CommandLine.ParameterException(cli, "--chan-size must be at least 0: " + chanSize);
        }
        if (repeats < 1) {
            throw new CommandLine.ParameterException(cli, "--repeats must be at least 1: " + repeats);
        }
        int j = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (j < 1) {
            throw new CommandLine.ParameterException(cli, "-j must be at least 1: " + j);
        }
        List<Integer> expected = sieve(n);
        PrimesWorkload.Mode[] modes = PrimesWorkload.Mode.values();
        double[] medians = new double[modes.length];
        try (WsPool pool = WsPool.builder().name("primes").threads(j).build();
             CliProgress progress = CliProgress.start("primes", (long) modes.length * (repeats + 2))) {
            for (int m = 0; m < modes.length; m++) {
                double[] times = new double[repeats];
                for (int i = -2; i < repeats; i++) {
                    progress.working(modes[m].name() + (i < 0 ? " (warm-up)" : ""));
                    long t0 = System.nanoTime();
                    List<Integer> got = PrimesWorkload.compute(modes[m], pool, n, chanSize);
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (!got.equals(expected)) {
                        throw new IllegalStateException(modes[m] + " found " + got.size() + " primes, expected " + expected.size());
                    }
                    if (i >= 0) {
                        times[i] = s;
                    }
                    progress.step();
                }
                Arrays.sort(times);
                medians[m] = times[repeats / 2];
            }
        }
        double bestPeer = Double.MAX_VALUE;
        for (int m = 0; m < modes.length; m++) {
            if (modes[m].peer()) {
                bestPeer = Math.min(bestPeer, medians[m]);
            }
        }
        System.out.printf("primes up to %d (%d stages), channel size %d, %d workers; median of %d runs%n",
                n, expected.size(), chanSize, j, repeats);
        for (int m = 0; m < modes.length; m++) {
            System.out.printf("%-10s %-4s %9.4f s  %6.2f x the best peer%n", modes[m], modes[m].peer() ? "JDK" : "",
                    medians[m], medians[m] / bestPeer);
        }
        double ratio = medians[0] / bestPeer;
        System.out.printf("bar: tidepool time / best peer time %.2f <= 1.00: %s%n", ratio, ratio <= 1.0 ? "met" : "MISSED");
        return 0;
    }

    /** The primes up to {@code n}, by the sieve of Eratosthenes: the answer every mode must give. */
    static List<Integer> sieve(int n) {
        boolean[] composite = new boolean[n + 1];
        List<Integer> primes = new ArrayList<>();
        for (int i = 2; i <= n; i++) {
            if (!composite[i]) {
                primes.add(i);
                for (long k = (long) i * i; k <= n; k += i) {
                    composite[(int) k] = true;
                }
            }
        }
        return primes;
    }
}
