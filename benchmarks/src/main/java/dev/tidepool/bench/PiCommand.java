package dev.tidepool.bench;

import dev.tidepool.tracing.Tracing;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pi}: computes pi with one strategy and times it, like Moonpool's pi benchmark. */
@Command(name = "pi", mixinStandardHelpOptions = true,
        description = "Compute pi by numerical integration; print pi=<value> (diff=<error>) in <seconds>s.")
final class PiCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "-n", description = "integration steps (default: ${DEFAULT-VALUE})", defaultValue = "100000000")
    long n;

    @Option(names = "--mode", description = "one of: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
            defaultValue = "forkjoin")
    PiWorkload.Mode mode;

    @Mixin
    Common common;

    @Override
    public Integer call() {
        if (n < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n must be at least 1: " + n);
        }
        int j = common.threads(spec.commandLine());
        Tracing trace = common.startTrace(spec.commandLine(), "tidepool-bench pi");
        try (Env env = new Env(common.kind, j)) {
            long start = System.nanoTime();
            double pi = PiWorkload.compute(mode, env, n);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("pi=%.15f (diff=%.3e) in %.3fs%n", pi, Math.abs(pi - Math.PI), seconds);
        } finally {
            common.finishTrace(trace);
        }
        return 0;
    }
}
