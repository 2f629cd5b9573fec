package dev.tidepool.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jmh}: runs the JMH benchmarks and prints each Tidepool result as a ratio to its peers. */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "Run the JMH benchmarks (all, or those matching --include) and print a ratio table.")
final class JmhCommand implements Callable<Integer> {
    @Option(names = "--include", description = "regex of benchmarks to run (default: all)", defaultValue = ".*")
    String include;

    @Option(names = "--quick", description = "1 fork, 2 short warm-ups, 3 short measurements")
    boolean quick;

    @Option(names = "--forks", description = "JVM forks per benchmark (default: ${DEFAULT-VALUE})", defaultValue = "1")
    int forks;

    @Override
    public Integer call() throws RunnerException {
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include("dev\\.tidepool\\.bench\\.jmh\\..*" + include)
                .forks(forks)
                .jvmArgsPrepend("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "--sun-misc-unsafe-memory-access=allow", "-Xmx2g");
        if (quick) {
            opts.warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        } else {
            opts.warmupIterations(3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        System.out.println();
        System.out.print(RatioTable.render(results));
        return 0;
    }

    /** Groups results by benchmark method and compares each Tidepool variant with its best peer. */
    static final class RatioTable {
        private RatioTable() {}

        static String render(Collection<RunResult> results) {
            Map<String, List<RunResult>> byBench = new LinkedHashMap<>();
            for (RunResult r : results) {
                String b = r.getParams().getBenchmark();
                b = b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1);
                byBench.computeIfAbsent(b, k -> new ArrayList<>()).add(r);
            }
            StringBuilder out = new StringBuilder();
            out.append(String.format("%-30s %-22s %12s %10s %10s  %s%n", "benchmark", "implementation", "score",
                    "error", "unit", "speed vs best JDK peer (>1 = Tidepool faster)"));
            for (var e : byBench.entrySet()) {
                boolean higherIsBetter = e.getValue().get(0).getParams().getMode().shortLabel().equals("thrpt");
                double bestPeer = higherIsBetter ? 0 : Double.MAX_VALUE;
                for (RunResult r : e.getValue()) {
                    if (!impl(r).startsWith("tidepool")) {
                        double s = r.getPrimaryResult().getScore();
                        bestPeer = higherIsBetter ? Math.max(bestPeer, s) : Math.min(bestPeer, s);
                    }
                }
                for (RunResult r : e.getValue()) {
                    double s = r.getPrimaryResult().getScore();
                    String ratio = "";
                    if (impl(r).startsWith("tidepool") && bestPeer > 0 && bestPeer < Double.MAX_VALUE) {
                        ratio = String.format("%.2f", higherIsBetter ? s / bestPeer : bestPeer / s);
                    }
                    out.append(String.format("%-30s %-22s %12.3f %10.3f %10s  %s%n", e.getKey(), impl(r), s,
                            r.getPrimaryResult().getScoreError(), r.getPrimaryResult().getScoreUnit(), ratio));
                }
            }
            return out.toString();
        }

        private static String impl(RunResult r) {
            String p = r.getParams().getParam("impl");
            return p == null ? "-" : p;
        }
    }
}
