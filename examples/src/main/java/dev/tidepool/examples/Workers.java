package dev.tidepool.examples;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code -j} option of the examples that run on one pool. */
final class Workers {
    @Option(names = "-j", description = "workers of the pool (default: available processors)")
    Integer threads;

    /** The number of workers asked for, or the available processors; rejects less than 1. */
    int count(CommandLine cmd) {
        int j = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (j < 1) {
            throw new CommandLine.ParameterException(cmd, "-j must be at least 1: " + j);
        }
        return j;
    }
}
