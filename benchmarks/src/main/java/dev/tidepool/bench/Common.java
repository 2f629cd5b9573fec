package dev.tidepool.bench;

import dev.tidepool.tracing.Tracing;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
        OutputPaths.checkOutput(cli, "--trace", trace, false);
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
