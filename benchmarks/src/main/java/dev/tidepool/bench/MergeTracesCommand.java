package dev.tidepool.bench;

import dev.tidepool.cli.CliPaths;
import dev.tidepool.tracing.TraceMerge;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code merge-traces}: one Perfetto file from the files of several JVMs, side by side on one clock. */
@Command(name = "merge-traces", mixinStandardHelpOptions = true,
        description = "Merge Perfetto traces written by Tidepool in several JVMs (cluster members, worker processes)"
            + " into one: a process track per JVM, every timestamp on the earliest file's clock.")
final class MergeTracesCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "the merged trace to write")
    Path out;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "the traces to merge")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        for (Path in : inputs) {
            CliPaths.checkInput(spec.commandLine(), in);
        }
        CliPaths.checkOutput(spec.commandLine(), "--out", out, false);
        int events;
        try {
            events = TraceMerge.merge(inputs, out);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        System.out.println("merged " + inputs.size() + " traces, " + events + " events, into " + out);
        return 0;
    }
}
