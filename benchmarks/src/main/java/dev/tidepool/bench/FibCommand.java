package dev.tidepool.bench;

import dev.tidepool.tracing.Tracing;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fib}: naive Fibonacci, parallel above a cutoff, with one strategy, timed. */
@Command(name = "fib", mixinStandardHelpOptions = true,
        description = {"Compute fib(n) by the naive recursion, in parallel above the cutoff; print the value, the"
            + " settings, and the time of the first run and the steady-state median.",
            "Modes: seq (one thread), fj (ForkJoin.both at every call above the cutoff), await (spawn one"
            + " half, compute the other, await the spawned one), futures (Fut combinators), and the JDK peers"
            + " fjp (RecursiveTask fork/join on a ForkJoinPool of -j) and cf (CompletableFuture composition"
            + " on a ForkJoinPool of -j)."})
final class FibCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "-n", description = "which Fibonacci number (default: ${DEFAULT-VALUE})", defaultValue = "32")
    int n;

    @Option(names = "--cutoff", description = "below or at this n, compute sequentially (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    int cutoff;

    @Option(names = "--mode", description = "one of: ${COMPLETION-CANDIDATES}, see above (default: ${DEFAULT-VALUE})",
            defaultValue = "fj")
    FibWorkload.Mode mode;

    @Mixin
    Common common;

    @Override
    public Integer call() {
        check(spec.commandLine(), n, cutoff);
        int j = common.threads(spec.commandLine());
        Tracing trace = common.startTrace(spec.commandLine(), "tidepool-bench fib");
        try (Env env = new Env(common.kind, j)) {
            common.timed(spec.commandLine(), mode.name(), j, () -> FibWorkload.compute(mode, env, n, cutoff),
                    v -> "fib(" + n + ")=" + v);
        } finally {
            common.finishTrace(trace);
        }
        return 0;
    }

    static void check(CommandLine cli, int n, int cutoff) {
        if (n < 0 || n > 60) {
            throw new CommandLine.ParameterException(cli, "-n must be between 0 and 60: " + n);
        }
        if (cutoff < 1) {
            throw new CommandLine.ParameterException(cli, "--cutoff must be at least 1: " + cutoff);
        }
    }
}
