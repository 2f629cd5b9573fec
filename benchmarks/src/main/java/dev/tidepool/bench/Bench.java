package dev.tidepool.bench;

import dev.tidepool.cli.CliErrors;
import dev.tidepool.cli.CliVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tidepool-bench}: benchmarks that print ratios against the JDK's own tools. */
@Command(name = "tidepool-bench", mixinStandardHelpOptions = true, versionProvider = CliVersion.class,
        description = "Tidepool benchmarks, each measured side by side with its JDK peers.",
        subcommands = {PiCommand.class, FibCommand.class, CompareCommand.class, SuspendCommand.class, ProcessesCommand.class,
            IsolationCommand.class, SlicesCommand.class, ShareCommand.class, ClusterCommand.class,
            JmhCommand.class, CheckTraceCommand.class, MergeTracesCommand.class})
public final class Bench implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the CLI; returns the exit code: 1 for a failed check or a failed read or write (one
     * line naming the file), 2 for bad arguments.
     */
    static int run(String... args) {
        return CliErrors.install(new CommandLine(new Bench()), "tidepool-bench").execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command, one of: " + String.join(", ", spec.subcommands().keySet()));
    }
}
