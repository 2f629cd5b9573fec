package dev.tidepool.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * How the commands report what went wrong: one line on standard error, never a stack trace for
 * something the user can fix. A bad argument exits with 2 and names the value and the help to
 * read; a file that cannot be read or written exits with 1 and names the file. Anything else is
 * a bug, and keeps its stack trace, which is what a report of it needs.
 */
public final class CliErrors {
    private CliErrors() {}

    /**
     * Installs both handlers on {@code cli}, whose messages start with {@code name + ": "}.
     *
     * @param cli the command line to configure
     * @param name the command's name, as the user typed it
     * @return {@code cli}
     */
    public static CommandLine install(CommandLine cli, String name) {
        cli.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println(name + ": " + ex.getMessage()
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String io = ioFailure(ex);
            if (io == null) {
                throw ex;
            }
            cmd.getErr().println(name + ": " + io);
            return 1;
        });
        return cli;
    }

    /**
     * One line for a failed read or write, such as {@code "no such file or directory: /x"}.
     *
     * @param e what a command threw
     * @return the line, or null when {@code e} is not an I/O failure
     */
    public static String ioFailure(Throwable e) {
        Throwable c = e instanceof UncheckedIOException u ? u.getCause() : e;
        return switch (c) {
            case NoSuchFileException f -> "no such file or directory: " + f.getFile();
            case AccessDeniedException f -> "permission denied: " + f.getFile();
            case FileSystemException f -> f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
            case IOException f -> f.getMessage() != null ? f.getMessage() : f.toString();
            default -> null;
        };
    }
}
