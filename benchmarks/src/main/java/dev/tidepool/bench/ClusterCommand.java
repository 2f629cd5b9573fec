package dev.tidepool.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code cluster}: the commands of Tidepool's Hazelcast cluster (today: {@code member}). */
@Command(name = "cluster", mixinStandardHelpOptions = true, subcommands = MemberCommand.class,
        description = "Tidepool on a Hazelcast cluster: start a member (./tidepool-cluster member ...).")
final class ClusterCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing sub-command, one of: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
