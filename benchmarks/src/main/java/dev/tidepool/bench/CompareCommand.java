package dev.tidepool.bench;

import dev.tidepool.cli.CliPaths;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidepool.cli.CliProgress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code compare}: every mode of a workload, side by side, with warm-up and repeats. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run every mode of a workload with warm-up and repeats and print a ratio table.",
        subcommands = {CompareCommand.ComparePi.class, CompareCommand.CompareFib.class, CompareCommand.ComparePrimes.class})
final class CompareCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing workload: pi, fib or primes");
    }

    /** Options of every comparison. */
    abstract static class Base<M extends Enum<M> & BenchMode> implements Callable<Integer> {
        private final String workload;
        private final M[] allModes;

        Base(String workload, Class<M> modes) {
            this.workload = workload;
            this.allModes = modes.getEnumConstants();
        }

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--kind", description = "Tidepool pool kind: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
                defaultValue = "ws")
        Env.Kind kind;

        @Option(names = "-j", description = "workers / parallelism (default: available processors)")
        Integer threads;

        @Option(names = "--repeats", description = "timed runs per mode (default: ${DEFAULT-VALUE})", defaultValue = "11")
        int repeats;

        @Option(names = "--warmup", description = "untimed runs per mode first, at least (default: ${DEFAULT-VALUE})", defaultValue = "5")
        int warmup;

        /*
         * Why a time floor as well as a count: the JIT compiles a workload's hot paths over the
         * first second or so, and on two cores its compiler threads take CPU from the workload.
         * Five runs of a 40 ms sieve end well inside that, and then the timed runs measure how
         * far compilation had got (the channel sieve's runs fall from 60 to 28 ms over its first
         * 20 runs, in every mode), not the steady state a long-lived process runs in.
         */
        @Option(names = "--warmup-time", paramLabel = "SECONDS",
                description = "and keep warming up until this many seconds have passed (default: ${DEFAULT-VALUE})",
                defaultValue = "2")
        double warmupTime;

        @Option(names = "--cotenant", paramLabel = "N", description = "N threads spinning in another JVM at nice 19 while it runs,"
                + " as other load on the machine (default: none)", defaultValue = "0")
        int cotenant;

        @Option(names = "--fork", description = "run each mode in a fresh JVM")
        boolean fork;

        @Option(names = "--out", paramLabel = "DIR", description = "write results.json and a PNG chart into DIR (created if missing; its parent must exist)")
        Path out;

        @Option(names = "--modes", split = ",", description = "only these modes (default: all)")
        List<String> modes;

        @Option(names = "--json-line", hidden = true, description = "print each mode's result as one JSON line")
        boolean jsonLine;

        final String workload() {
            return workload;
        }

        final M[] allModes() {
            return allModes.clone();
        }

        /** Rejects bad workload options before anything runs. */
        abstract void validate();

        /** Runs {@code mode} once and checks its answer. */
        abstract void runOnce(M mode, Env env);

        /** The workload's own options, to pass on to a forked JVM and to report. */
        abstract Map<String, Object> params();

        /** Lines comparing the results with the performance bars. */
        abstract List<String> bars(Comparison c, int j);

        int j() {
            int j = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            if (j < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-j must be at least 1: " + j);
            }
            return j;
        }

        List<M> selected() {
            if (modes == null || modes.isEmpty()) {
                return Arrays.asList(allModes());
            }
            List<M> out = new ArrayList<>();
            for (String m : modes) {
                M found = Arrays.stream(allModes()).filter(x -> x.name().equals(m)).findFirst().orElseThrow(() ->
                        new CommandLine.ParameterException(spec.commandLine(), "unknown mode '" + m + "', expected one of "
                                + Arrays.toString(allModes())));
                out.add(found);
            }
            return out;
        }

        @Override
        public Integer call() throws Exception {
            if (repeats < 1 || warmup < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--repeats must be at least 1 and --warmup at least 0: " + repeats + ", " + warmup);
            }
            if (!(warmupTime >= 0 && warmupTime <= 3600)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--warmup-time must be between 0 and 3600 seconds: " + warmupTime);
            }
            validate();
            Cotenants.check(spec, cotenant);
            if (out != null) {
                CliPaths.checkOutput(spec.commandLine(), "--out", out, true);
            }
            int j = j();
            List<M> ms = selected();
            List<Comparison.ModeResult> results = new ArrayList<>();
            try (Cotenant beside = Cotenant.start(cotenant)) {
                if (cotenant > 0 && !jsonLine) {
                    System.out.println("co-tenant: " + beside.description());
                }
                try (CliProgress progress = jsonLine ? CliProgress.none()
                        : CliProgress.start("compare " + workload(), ms.size() * (fork ? 1L : warmup + repeats))) {
                    for (M m : ms) {
                        results.add(fork ? forked(m, j, progress) : inProcess(m, j, progress));
                    }
                }
            }
            if (jsonLine) {
                ObjectMapper om = new ObjectMapper();
                for (Comparison.ModeResult r : results) {
                    System.out.println("RESULT " + om.writeValueAsString(r));
                }
                return 0;
            }
            Map<String, Object> params = new LinkedHashMap<>(params());
            params.put("kind", kind.name());
            params.put("j", j);
            params.put("repeats", repeats);
            params.put("warmup", warmup);
            params.put("warmup-time", warmupTime);
            params.put("fork", fork);
            params.put("cotenant", cotenant);
            Comparison c = new Comparison(workload(), params, results);
            System.out.print(c.table());
            bars(c, j).forEach(System.out::println);
            if (out != null) {
                c.write(out, System.out);
            }
            return 0;
        }

        private Comparison.ModeResult inProcess(M m, int j, CliProgress progress) {
            List<Double> times = new ArrayList<>();
            try (Env env = new Env(kind, j)) {
                long warmUntil = System.nanoTime() + (long) (warmupTime * 1e9);
                for (int i = 0; i < warmup || System.nanoTime() - warmUntil < 0; i++) {
                    progress.working(m.name() + " (warm-up)");
                    runOnce(m, env);
                    if (i < warmup) {
                        progress.step();
                    }
                }
                for (int i = 0; i < repeats; i++) {
                    progress.working(m.name());
                    long t0 = System.nanoTime();
                    runOnce(m, env);
                    times.add((System.nanoTime() - t0) / 1e9);
                    progress.step();
                }
            }
            return new Comparison.ModeResult(m.name(), m.peer(), m.origin(), times);
        }

        private Comparison.ModeResult forked(M m, int j, CliProgress progress) throws IOException, InterruptedException {
            progress.working(m.name() + " (own JVM)");
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                    "-cp", System.getProperty("java.class.path"), Bench.class.getName(),
                    "compare", workload(), "--modes", m.name(), "--kind", kind.name(), "-j", Integer.toString(j),
                    "--repeats", Integer.toString(repeats), "--warmup", Integer.toString(warmup),
                    "--warmup-time", Double.toString(warmupTime), "--json-line"));
            params().forEach((k, v) -> cmd.addAll(List.of(k, String.valueOf(v))));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Comparison.ModeResult result = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("RESULT ")) {
                        result = new ObjectMapper().readValue(line.substring(7), Comparison.ModeResult.class);
                    }
                }
            }
            int code = p.waitFor();
            if (code != 0 || result == null) {
                throw new IllegalStateException("forked JVM for mode " + m + " failed with exit code " + code);
            }
            progress.step();
            return result;
        }
    }

    /** {@code compare pi}. */
    @Command(name = "pi", mixinStandardHelpOptions = true, description = "Compare every pi mode.")
    static final class ComparePi extends Base<PiWorkload.Mode> {
        @Option(names = "-n", description = "integration steps (default: ${DEFAULT-VALUE})", defaultValue = "100000000")
        long n;

        ComparePi() {
            super("pi", PiWorkload.Mode.class);
        }

        @Override
        void validate() {
            if (n < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-n must be at least 1: " + n);
            }
        }

        @Override
        void runOnce(PiWorkload.Mode m, Env env) {
            double pi = PiWorkload.compute(m, env, n);
            if (Math.abs(pi - Math.PI) > 1e-6) {
                throw new IllegalStateException(m + " computed pi = " + pi);
            }
        }

        @Override
        Map<String, Object> params() {
            return Map.of("-n", n);
        }

        @Override
        List<String> bars(Comparison c, int j) {
            List<String> lines = new ArrayList<>();
            Comparison.ModeResult fj = c.get("forkjoin");
            Comparison.ModeResult seq = c.get("seq");
            if (fj != null && seq != null) {
                double speedup = seq.median() / fj.median();
                int cores = Math.min(j, Runtime.getRuntime().availableProcessors());
                lines.add(String.format("bar: forkjoin speedup over seq %.2f >= 0.95 x %d cores = %.2f: %s",
                        speedup, cores, 0.95 * cores, speedup >= 0.95 * cores ? "met" : "MISSED"));
            }
            for (String peer : List.of("stream", "fjp")) {
                Comparison.ModeResult p = c.get(peer);
                if (fj != null && p != null) {
                    double ratio = fj.median() / p.median();
                    lines.add(String.format("bar: forkjoin time / %s time %.2f <= 1.00: %s", peer, ratio,
                            ratio <= 1.0 ? "met" : "MISSED"));
                }
            }
            return lines;
        }
    }

    /** {@code compare fib}. */
    @Command(name = "fib", mixinStandardHelpOptions = true, description = {"Compare every fib mode.",
            "Modes: seq, fj (ForkJoin.both), await (spawn and await), futures (combinators), fjp (ForkJoinPool",
            "RecursiveTask), cf (CompletableFuture on a ForkJoinPool), kotlin (async/await on Dispatchers.Default)."})
    static final class CompareFib extends Base<FibWorkload.Mode> {
        @Option(names = "-n", description = "which Fibonacci number (default: ${DEFAULT-VALUE})", defaultValue = "32")
        int n;

        @Option(names = "--cutoff", description = "sequential at or below this n (default: ${DEFAULT-VALUE})", defaultValue = "1")
        int cutoff;

        CompareFib() {
            super("fib", FibWorkload.Mode.class);
        }

        @Override
        void validate() {
            FibCommand.check(spec.commandLine(), n, cutoff);
        }

        @Override
        void runOnce(FibWorkload.Mode m, Env env) {
            long v = FibWorkload.compute(m, env, n, cutoff);
            if (v != FibWorkload.fibIterative(n)) {
                throw new IllegalStateException(m + " computed fib(" + n + ") = " + v);
            }
        }

        @Override
        Map<String, Object> params() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("-n", n);
            p.put("--cutoff", cutoff);
            return p;
        }

        @Override
        List<String> bars(Comparison c, int j) {
            Comparison.ModeResult fj = c.get("fj");
            Comparison.ModeResult fjp = c.get("fjp");
            if (fj == null || fjp == null) {
                return List.of();
            }
            double ratio = fj.median() / fjp.median();
            return List.of(String.format("bar: fj time / fjp time %.2f <= 1.00: %s", ratio, ratio <= 1.0 ? "met" : "MISSED"));
        }
    }

    /** {@code compare primes}: Moonpool's channel sieve. */
    @Command(name = "primes", mixinStandardHelpOptions = true,
            description = {"Compare Moonpool's channel sieve: one task per prime, linked by channels, against JDK queues and Kotlin.",
                "Modes: tidepool (Chan.bounded(--chan-size) between tasks on a pool of -j workers), vthreads (an",
                "ArrayBlockingQueue, or a SynchronousQueue at size 0, between virtual threads), threads (the same",
                "between platform threads) and kotlin (kotlinx-coroutines Channel and launch on Dispatchers.Default)."})
    static final class ComparePrimes extends Base<PrimesWorkload.Mode> {
        @Option(names = "-n", description = "sieve the numbers 2..n (default: ${DEFAULT-VALUE})", defaultValue = "10000")
        int n;

        @Option(names = "--chan-size", description = "capacity of each channel, 0 for a rendezvous (default: ${DEFAULT-VALUE})",
                defaultValue = "16")
        int chanSize;

        private List<Integer> expected;

        ComparePrimes() {
            super("primes", PrimesWorkload.Mode.class);
        }

        @Override
        void validate() {
            if (n < 2 || n > 200_000) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-n must be between 2 and 200000: " + n);
            }
            if (chanSize < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--chan-size must be at least 0: " + chanSize);
            }
            expected = PrimesWorkload.sieve(n);
        }

        @Override
        void runOnce(PrimesWorkload.Mode m, Env env) {
            List<Integer> got;
            try {
                got = PrimesWorkload.compute(m, env, n, chanSize);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(m + " was interrupted", e);
            }
            if (!got.equals(expected)) {
                throw new IllegalStateException(m + " found " + got.size() + " primes, expected " + expected.size());
            }
        }

        @Override
        Map<String, Object> params() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("-n", n);
            p.put("--chan-size", chanSize);
            return p;
        }

        @Override
        List<String> bars(Comparison c, int j) {
            Comparison.ModeResult tp = c.get("tidepool");
            double best = Double.MAX_VALUE;
            for (PrimesWorkload.Mode m : PrimesWorkload.Mode.values()) {
                Comparison.ModeResult r = c.get(m.name());
                if (m.peer() && r != null) {
                    best = Math.min(best, r.median());
                }
            }
            if (tp == null || best == Double.MAX_VALUE) {
                return List.of();
            }
            double ratio = tp.median() / best;
            return List.of(String.format("bar: tidepool time / best peer time %.2f <= 1.00: %s", ratio, ratio <= 1.0 ? "met" : "MISSED"));
        }
    }
}
