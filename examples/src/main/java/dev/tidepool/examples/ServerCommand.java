package dev.tidepool.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code server}: the request-server shape, latency with the compute pool idle and saturated. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Measure request latency on a FIFO pool while fork-join compute saturates the same core budget.",
            "Requests on a FifoPool, compute on a WsPool, log writes on a Background runner, Runners.main as the",
            "entry point; prints request latency with compute idle and saturated."})
final class ServerCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--requests", description = "requests per phase (default: ${DEFAULT-VALUE})", defaultValue = "1000")
    int requests;

    @Option(names = "--interval-us", description = "microseconds between requests (default: ${DEFAULT-VALUE})", defaultValue = "1000")
    int intervalMicros;

    @Option(names = "--work", description = "xorshift rounds per request (default: ${DEFAULT-VALUE})", defaultValue = "20000")
    int work;

    @Option(names = "--no-warm-up", description = "measure from the start, without one unmeasured round of the phases first")
    boolean noWarmUp;

    @Option(names = "--cores", description = "the core budget (default: available processors)")
    Integer cores;

    @Override
    public Integer call() throws Exception {
        int c = cores == null ? Runtime.getRuntime().availableProcessors() : cores;
        RequestServer.Settings s;
        try {
            s = new RequestServer.Settings(c, requests, intervalMicros, work, !noWarmUp);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Path log = Files.createTempFile("tidepool-server", ".log");
        try {
            RequestServer.Report r = RequestServer.run(s, log);
            System.out.printf("%d requests per phase, one every %d us; core budget %d; latency in ms:%n",
                    requests, intervalMicros, c);
            System.out.printf("%-44s %8s %8s %8s %8s%n", "phase", "p50", "p90", "p99", "max");
            print("requests pool, compute idle", r.idle());
            print("requests pool, compute saturated", r.loaded());
            print("requests sent to the saturated compute pool", r.shared());
            System.out.printf("saturated / idle: p50 %.2f, p90 %.2f; on the compute pool / idle: p50 %.2f, p90 %.2f%n",
                    ratio(r.loaded().p50(), r.idle().p50()), ratio(r.loaded().p90(), r.idle().p90()),
                    ratio(r.shared().p50(), r.idle().p50()), ratio(r.shared().p90(), r.idle().p90()));
            System.out.printf("compute: %d pi rounds meanwhile, pi=%.12f; log: %,d lines%n", r.computeRounds(), r.pi(), r.logLines());
            return Cli.check("every answer right, every request logged once with its answer, compute ran and got pi",
                    RequestServer.passed(r, s));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void print(String label, RequestServer.Latency l) {
        l.print(label, 44);
    }

    private static double ratio(long a, long b) {
        return RequestServer.Latency.ratio(a, b);
    }
}
