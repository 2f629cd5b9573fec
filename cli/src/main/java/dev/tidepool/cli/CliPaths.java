package dev.tidepool.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The one rule for the files the commands read and write, checked before anything runs: an input
 * must exist; an output ({@code --trace FILE}, {@code --out DIR}) is created, but the directory
 * that holds it must exist already (a typo in a parent directory is an error, not a new tree).
 */
public final class CliPaths {
    private CliPaths() {}

    /**
     * Rejects an output {@code path} of {@code option} whose parent directory does not exist, or
     * that exists as the wrong kind (a directory for a file, or the reverse).
     *
     * @param cli the command line, for the error
     * @param option the option's name, as the error shows it
     * @param path the path given
     * @param directory whether the option names a directory
     * @throws CommandLine.ParameterException naming the option, the path and what is wrong
     */
    public static void checkOutput(CommandLine cli, String option, Path path, boolean directory) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new CommandLine.ParameterException(cli, option + " " + path + ": directory " + parent + " does not exist");
        }
        if (Files.exists(path) && Files.isDirectory(path) != directory) {
            throw new CommandLine.ParameterException(cli, option + " " + path + ": "
                    + (directory ? "not a directory" : "is a directory"));
        }
    }

    /**
     * Rejects an input file that does not exist or is not a readable regular file.
     *
     * @param cli the command line, for the error
     * @param file the file given
     * @throws CommandLine.ParameterException naming the file and what is wrong
     */
    public static void checkInput(CommandLine cli, Path file) {
        String problem = !Files.exists(file) ? "no such file"
                : !Files.isRegularFile(file) ? "not a regular file"
                : !Files.isReadable(file) ? "not readable" : null;
        if (problem != null) {
            throw new CommandLine.ParameterException(cli, file + ": " + problem);
        }
    }
}
