package dev.tidepool.examples;

import dev.tidepool.futures.Fut;
import dev.tidepool.switches.Switch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * A bounded load loop against {@link HttpExample}: requests one after another, a fixed pause
 * between them, stopping after a count or a time limit, whichever comes first; the latency of
 * each with a real {@link HttpClient}, once with the compute pool idle and once while it is
 * saturated by other work.
 */
final class HttpLoad {
    /** What one phase measured. */
    record Phase(RequestServer.Latency latency, int wrong) {}

    /** Both phases. */
    record Report(Phase idle, Phase saturated, long computeRounds) {}

    private HttpLoad() {}

    static Report run(HttpExample server, int requests, Duration limit, Duration pause, int piSteps)
            throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            URI uri = server.uri().resolve("/pi?n=" + piSteps);
            phase(client, uri, Math.min(requests, 200), limit, pause); // warm-up, not measured
            Phase idle = phase(client, uri, requests, limit, pause);
            long[] rounds = {0};
            Switch stop = Switch.create();
            Fut<Void> load = Fut.spawn(server.compute(), stop, () -> {
                while (stop.isOn()) {
                    HttpExample.piBy(20_000_000); // saturates every compute worker
                    rounds[0]++;
                }
                return null;
            });
            Phase saturated;
            try {
                saturated = phase(client, uri, requests, limit, pause);
            } finally {
                stop.turnOff();
            }
            try {
                load.await();
            } catch (dev.tidepool.switches.SwitchOffException expected) {
                // the saturating work ends with its switch
            }
            return new Report(idle, saturated, rounds[0]);
        }
    }

    private static Phase phase(HttpClient client, URI uri, int requests, Duration limit, Duration pause)
            throws IOException, InterruptedException {
        long[] nanos = new long[requests];
        int done = 0;
        int wrong = 0;
        long end = System.nanoTime() + limit.toNanos();
        HttpRequest req = HttpRequest.newBuilder(uri).GET().build();
        while (done < requests && System.nanoTime() < end) {
            long start = System.nanoTime();
            HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
            nanos[done++] = System.nanoTime() - start;
            if (r.statusCode() != 200 || Math.abs(Double.parseDouble(r.body().trim()) - Math.PI) > 1e-6) {
                wrong++;
            }
            Thread.sleep(pause); // pacing between requests, not synchronisation
        }
        return new Phase(RequestServer.Latency.of(Arrays.copyOf(nanos, Math.max(done, 1))), wrong);
    }
}
