package dev.tidepool.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tidepool-bench}: benchmarks that print ratios against the JDK's own tools. */
@Command(name = "tidepool-bench", mixinStandardHelpOptions = true, version = "tidepool-bench 0.1",
        description = "Tidepool benchmarks, each measured side by side with its JDK peers.",
        subcommands = {PiCommand.class, FibCommand.class, CompareCommand.class, SuspendCommand.class,
            IsolationCommand.class, ShareCommand.class,
            JmhCommand.class, CheckTraceCommand.class})
public final class Bench implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI; returns the exit code (2 for bad arguments). */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new Bench());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("tidepool-bench: " + ex.getMessage()
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command: pi, fib, compare, suspend or jmh");
    }
}
