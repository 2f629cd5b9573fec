package dev.tidepool.bench;

import dev.tidepool.cli.CliPaths;
import dev.tidepool.tracing.Tracing;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options shared by the workload commands. */
final class Common {
    @Option(names = "--kind", description = "Tidepool pool kind: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
            defaultValue = "ws")
    Env.Kind kind;

    @Option(names = "-j", description = "workers / parallelism (default: available processors)")
    Integer threads;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "write a Perfetto trace (Chrome JSON) of the run to FILE, whose directory must exist; open it in ui.perfetto.dev")
    Path trace;

    @Option(names = "--repeats", paramLabel = "R",
            description = "timed runs after the first, whose median is the steady-state time (default: 5, or 0 with --trace)")
    Integer repeats;

    /**
     * Runs {@code body} once (the first run, in a JVM that has not compiled it yet), then
     * {@code --repeats} more times; prints {@code result} of the last value, the settings, and
     * the first and the median time, saying which is which.
     */
    <T> void timed(CommandLine cli, String mode, int j, Supplier<T> body, Function<T, String> result) {
        int r = repeats == null ? (trace == null ? 5 : 0) : repeats;
        if (r < 0) {
            throw new CommandLine.ParameterException(cli, "--repeats must be at least 0: " + r);
        }
        long start = System.nanoTime();
        T value = body.get();
        double first = (System.nanoTime() - start) / 1e9;
        double[] steady = new double[r];
        for (int i = 0; i < r; i++) {
            start = System.nanoTime();
            value = body.get();
            steady[i] = (System.nanoTime() - start) / 1e9;
        }
        System.out.printf("%s: mode %s, kind %s, %d worker%s%n", result.apply(value), mode, kind, j, j == 1 ? "" : "s");
        if (r == 0) {
            System.out.printf("first run %.3fs (a cold JVM: includes starting the pools, loading classes and compiling)%n", first);
        } else {
            Arrays.sort(steady);
            System.out.printf("first run %.3fs (a cold JVM: includes starting the pools, loading classes and compiling); steady state %.3fs"
                    + " (median of the %d runs after it, min %.3fs, max %.3fs)%n",
                    first, steady[r / 2], r, steady[0], steady[r - 1]);
        }
    }

    int threads(CommandLine cli) {
        int j = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (j < 1) {
            throw new CommandLine.ParameterException(cli, "-j must be at least 1: " + j);
        }
        return j;
    }

    /** Starts tracing to the {@code --trace} file, or returns null without the option. */
    Tracing startTrace(CommandLine cli, String processName) {
        if (trace == null) {
            return null;
        }
        CliPaths.checkOutput(cli, "--trace", trace, false);
        try {
            return Tracing.toPerfetto(trace, processName);
        } catch (UncheckedIOException e) {
            throw new CommandLine.ParameterException(cli, "--trace: " + e.getCause().getMessage());
        }
    }

    /** Closes {@code t} (if any) and says where the trace went. */
    void finishTrace(Tracing t) {
        if (t != null) {
            t.close();
            System.err.println("trace written to " + trace + " (open it in https://ui.perfetto.dev)");
        }
    }
}
