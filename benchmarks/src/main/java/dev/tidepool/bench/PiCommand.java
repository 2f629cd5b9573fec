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
        description = {"Compute pi by numerical integration (the midpoint rule, n steps), as Moonpool's pi"
            + " benchmark does; print pi, its error, the settings, and the time of the first run and the"
            + " steady-state median.",
            "Modes: seq (one thread), par1 (ForkJoin.reduce on a one-worker pool), forkjoin (ForkJoin.reduce"
            + " on a pool of -j workers, 16 chunks per worker), futures (one spawned task per chunk, then"
            + " await), and the JDK peers stream (LongStream.parallel), fjp (RecursiveTask on a ForkJoinPool"
            + " of -j) and vthreads (a virtual thread per chunk)."})
final class PiCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "-n", description = "integration steps (default: ${DEFAULT-VALUE})", defaultValue = "100000000")
    long n;

    @Option(names = "--mode", description = "one of: ${COMPLETION-CANDIDATES}, see above (default: ${DEFAULT-VALUE})",
            defaultValue = "forkjoin")
    PiWorkload.Mode mode;

    @Option(names = "--cluster", paramLabel = "N", description = "start N Hazelcast member JVMs on this machine and"
            + " compare pi by ClusterForkJoin.reduce over them (and a trivial task's round trip) with fork-join here")
    Integer cluster;

    @Mixin
    Common common;

    @Override
    public Integer call() throws Exception {
        if (n < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n must be at least 1: " + n);
        }
        if (cluster != null) {
            return ClusterPi.run(spec.commandLine(), n, cluster, common.repeats == null ? 5 : common.repeats, common);
        }
        int j = common.threads(spec.commandLine());
        Tracing trace = common.startTrace(spec.commandLine(), "tidepool-bench pi");
        try (Env env = new Env(common.kind, j)) {
            common.timed(spec.commandLine(), mode.name(), j, () -> PiWorkload.compute(mode, env, n),
                    pi -> String.format("pi=%.15f (diff=%.3e)", pi, Math.abs(pi - Math.PI)));
        } finally {
            common.finishTrace(trace);
        }
        return 0;
    }
}
