package dev.tidepool.examples;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code http}: an HTTP server on a request pool and a compute pool, and a bounded load loop. */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = {"Serve /pi?n= and /primes?n= over HTTP on 127.0.0.1, each request a task that awaits compute work.",
            "Requests run on a FifoPool (the JDK HttpServer's executor), compute on a WsPool of the same core",
            "budget; a request is cancelled at its deadline, a stream when its client goes away. With --load, it",
            "measures request latency with a real HTTP client, compute idle then saturated, and exits."})
final class HttpCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", description = "the port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE})", defaultValue = "8080")
    int port;

    @Option(names = "--cores", description = "the core budget (default: available processors)")
    Integer cores;

    @Option(names = "--deadline-ms", description = "a request's deadline (default: ${DEFAULT-VALUE})", defaultValue = "10000")
    long deadlineMillis;

    @Option(names = "--load", description = "send this many requests per phase, print their latency and exit")
    Integer load;

    @Option(names = "--load-seconds", description = "the longest a load phase runs (default: ${DEFAULT-VALUE})", defaultValue = "30")
    int loadSeconds;

    @Option(names = "--serve-seconds", description = "stop serving after this long (default: until interrupted)")
    Integer serveSeconds;

    @Override
    public Integer call() throws Exception {
        int c = cores == null ? Runtime.getRuntime().availableProcessors() : cores;
        HttpExample.Settings s;
        try {
            if (deadlineMillis < 1) {
                throw new IllegalArgumentException("deadline-ms must be at least 1: " + deadlineMillis);
            }
            if (load != null && load < 1) {
                throw new IllegalArgumentException("load must be at least 1: " + load);
            }
            if (loadSeconds < 1) {
                throw new IllegalArgumentException("load-seconds must be at least 1: " + loadSeconds);
            }
            if (serveSeconds != null && serveSeconds < 0) {
                throw new IllegalArgumentException("serve-seconds must be at least 0: " + serveSeconds);
            }
            s = new HttpExample.Settings(port, c, Duration.ofMillis(deadlineMillis));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try (HttpExample server = HttpExample.start(s)) {
            if (load == null) {
                System.out.println("listening on " + server.uri() + " (try " + server.uri() + "/pi?n=1000000); "
                        + (serveSeconds == null ? "Ctrl-C to stop" : "stopping after " + serveSeconds + " s"));
                CountDownLatch never = new CountDownLatch(1);
                if (serveSeconds == null) {
                    never.await();
                } else {
                    never.await(serveSeconds, TimeUnit.SECONDS); // the serving time itself, not a wait for an event
                }
                return 0;
            }
            HttpLoad.Report r = HttpLoad.run(server, load, Duration.ofSeconds(loadSeconds), Duration.ofMillis(1), 20_000);
            System.out.printf("%d requests of /pi?n=20000 per phase on %s; core budget %d; latency in ms:%n", load, server.uri(), c);
            System.out.printf("%-36s %8s %8s %8s %8s%n", "phase", "p50", "p90", "p99", "max");
            r.idle().latency().print("compute pool idle", 36);
            r.saturated().latency().print("compute pool saturated", 36);
            System.out.printf("saturated / idle: p50 %.2f, p99 %.2f; %d saturating pi rounds meanwhile%n",
                    RequestServer.Latency.ratio(r.saturated().latency().p50(), r.idle().latency().p50()),
                    RequestServer.Latency.ratio(r.saturated().latency().p99(), r.idle().latency().p99()), r.computeRounds());
            return Cli.check("every answer was pi, in both phases, and the saturating work ran",
                    r.idle().wrong() == 0 && r.saturated().wrong() == 0 && r.computeRounds() > 0);
        }
    }
}
