package dev.tidepool.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The one rule for the files the commands read and write, checked before anything runs: an input
 * must exist; an output ({@code --trace FILE}, {@code --out DIR}) is created, but the directory
 * that holds it must exist already (a typo in a parent directory is an error, not a new tree).
 */
final class OutputPaths {
    private OutputPaths() {}

    /** Rejects an output {@code path} of {@code option} whose parent directory does not exist. */
    static void checkOutput(CommandLine cli, String option, Path path, boolean directory) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new CommandLine.ParameterException(cli, option + " " + path + ": directory " + parent + " does not exist");
        }
        if (Files.exists(path) && Files.isDirectory(path) != directory) {
            throw new CommandLine.ParameterException(cli, option + " " + path + ": "
                    + (directory ? "not a directory" : "is a directory"));
        }
    }

    /** Rejects an input file that does not exist or is not a readable regular file. */
    static void checkInput(CommandLine cli, Path file) {
        String problem = !Files.exists(file) ? "no such file"
                : !Files.isRegularFile(file) ? "not a regular file"
                : !Files.isReadable(file) ? "not readable" : null;
        if (problem != null) {
            throw new CommandLine.ParameterException(cli, file + ": " + problem);
        }
    }
}
