package dev.tidepool.bench;

import picocli.CommandLine;

/** The {@code --cotenant} option's check, shared by the commands that take it. */
final class Cotenants {
    /** More spinning threads than this is a typo, not a test of a busy machine. */
    static final int MAX = 256;

    private Cotenants() {}

    static void check(CommandLine.Model.CommandSpec spec, int threads) {
        if (threads < 0 || threads > MAX) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--cotenant must be between 0 and " + MAX + " threads: " + threads);
        }
    }
}
