package dev.tidepool.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tidepool-example} command: one sub-command per example. */
@Command(name = "tidepool-example", mixinStandardHelpOptions = true, version = "tidepool-example 0.1",
        description = "Runnable Tidepool examples; each prints what it checked and exits 1 if a check fails.",
        subcommands = {ImportsCommand.class, WalkCommand.class, CompressCommand.class, ServerCommand.class})
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

    /** Runs the CLI; returns the exit code (1 for a failed check, 2 for bad arguments). */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new Examples());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("tidepool-example: " + ex.getMessage()
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command: imports, walk, compress or server");
    }
}
