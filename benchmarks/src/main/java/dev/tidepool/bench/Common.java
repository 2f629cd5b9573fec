package dev.tidepool.bench;

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
            description = "write a trace to FILE (accepted; tracing is not built in yet, nothing is written)")
    String trace;

    int threads(CommandLine cli) {
        int j = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (j < 1) {
            throw new CommandLine.ParameterException(cli, "-j must be at least 1: " + j);
        }
        return j;
    }

    void noteTrace() {
        if (trace != null) {
            System.err.println("note: --trace is accepted but tracing is not built in yet; no trace is written");
        }
    }
}
