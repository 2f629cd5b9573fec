package dev.tidepool.examples;

import dev.tidepool.cli.CliErrors;
import dev.tidepool.cli.CliVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tidepool-example} command: one sub-command per example. */
@Command(name = "tidepool-example", mixinStandardHelpOptions = true, versionProvider = CliVersion.class,
        description = "Runnable Tidepool examples; each prints what it checked and exits 1 if a check fails.",
        subcommands = {ImportsCommand.class, WalkCommand.class, CompressCommand.class, ServerCommand.class, HttpCommand.class, ProversCommand.class})
public final class Examples implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Examples() {}

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the sub-command and its options
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the CLI; returns the exit code: 1 for a failed check or a failed read or write (one
     * line naming the file), 2 for bad arguments.
     */
    static int run(String... args) {
        return CliErrors.install(new CommandLine(new Examples()), "tidepool-example").execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command, one of: " + String.join(", ", spec.subcommands().keySet()));
    }
}
