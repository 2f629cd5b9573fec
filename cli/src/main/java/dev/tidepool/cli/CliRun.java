package dev.tidepool.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import picocli.CommandLine;

/**
 * A command run in-process, as the tests of the commands run them: its exit code and what it
 * printed on standard output and standard error.
 *
 * @param code the exit code
 * @param out what went to standard output
 * @param err what went to standard error
 */
public record CliRun(int code, String out, String err) {
    /**
     * Runs {@code command} on {@code args} with both standard streams captured (not thread-safe:
     * the streams are the JVM's).
     *
     * @param command the command's entry point, returning its exit code
     * @param args its arguments
     * @return the exit code and the output
     */
    public static CliRun of(ToIntFunction<String[]> command, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = command.applyAsInt(args);
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * The sub-commands of {@code cli} whose summary, the first line of their description (all
     * that the command list shows), is not a whole sentence ending with a period.
     *
     * @param cli the command line of a CLI
     * @return "name: line" for each such sub-command; empty when all are fine
     */
    public static List<String> unfinishedSummaries(CommandLine cli) {
        List<String> bad = new ArrayList<>();
        for (CommandLine c : cli.getSubcommands().values()) {
            String[] d = c.getCommandSpec().usageMessage().description();
            if (d.length == 0 || !d[0].endsWith(".")) {
                bad.add(c.getCommandName() + ": " + (d.length == 0 ? "no description" : d[0]));
            }
        }
        return bad;
    }
}
