package dev.tidepool.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tidepool.channels.Chan;
import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.WsPool;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP server on Tidepool: the JDK's {@link HttpServer} runs each exchange as a task of a
 * {@link FifoPool} (its executor), in direct style; a request awaits CPU work that it spawns on a
 * {@link WsPool} of the same core budget, so waiting requests hold no thread and compute cannot
 * starve them. Every request runs under a {@link Switch} that turns off at its deadline, and a
 * stream is cancelled the same way when its client goes away.
 *
 * <ul>
 * <li>{@code GET /pi?n=N}: pi by the midpoint rule with {@code N} steps ({@code ForkJoin.reduce});</li>
 * <li>{@code GET /primes?n=N}: the primes below {@code N}, one per line, streamed while a compute
 *     task finds them and sends them through a bounded {@link Chan}.</li>
 * </ul>
 * Bad input (a malformed or oversized {@code n}, an unknown path, a method other than GET) gets a
 * 4xx status with a one-line reason; a deadline that passes, 503. Listens on 127.0.0.1 only.
 */
final class HttpExample implements AutoCloseable {
    static final long MAX_PI_STEPS = 1_000_000_000L;
    static final int MAX_PRIMES_BELOW = 20_000_000;

    /** How the server is set up. */
    record Settings(int port, int cores, Duration deadline) {
        Settings {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be from 0 to 65535: " + port);
            }
            if (cores < 1) {
                throw new IllegalArgumentException("cores must be at least 1: " + cores);
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive: " + deadline);
            }
        }
    }

    private final Settings settings;
    private final CoreBudget budget;
    private final FifoPool requests;
    private final WsPool compute;
    private final HttpServer server;
    private final AtomicLong cancelledStreams = new AtomicLong();
    private final AtomicLong deadlinesPassed = new AtomicLong();

    private HttpExample(Settings settings) throws IOException {
        this.settings = settings;
        budget = CoreBudget.of(settings.cores());
        requests = FifoPool.builder().name("http").threads(settings.cores()).budget(budget).build();
        compute = WsPool.builder().name("compute").threads(settings.cores()).budget(budget).build();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
        server.setExecutor(requests);
        server.createContext("/", this::handle);
    }

    /** Starts a server; {@link #close()} stops it. */
    static HttpExample start(Settings settings) throws IOException {
        HttpExample h = new HttpExample(settings);
        h.server.start();
        return h;
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:8080}. */
    URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    WsPool compute() {
        return compute;
    }

    /** Streams that stopped because their client went away. */
    long cancelledStreams() {
        return cancelledStreams.get();
    }

    /** Requests answered 503 because their deadline passed. */
    long deadlinesPassed() {
        return deadlinesPassed.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET")) {
                reply(ex, 405, "only GET is served, not " + ex.getRequestMethod());
                return;
            }
            String path = ex.getRequestURI().getPath();
            Map<String, String> query;
            try {
                query = query(ex.getRequestURI().getRawQuery());
                switch (path) {
                    case "/pi" -> pi(ex, number(query, "n", 1, MAX_PI_STEPS));
                    case "/primes" -> primes(ex, (int) number(query, "n", 2, MAX_PRIMES_BELOW));
                    default -> reply(ex, 404, "unknown path " + path + "; try /pi?n=1000000 or /primes?n=1000");
                }
            } catch (IllegalArgumentException bad) {
                reply(ex, 400, bad.getMessage());
            }
        }
    }

    private void pi(HttpExchange ex, long n) throws IOException {
        try (Switch sw = Switch.create().turnOffAfter(settings.deadline())) {
            int steps = (int) Math.min(n, Integer.MAX_VALUE);
            double pi;
            try {
                pi = Fut.spawn(compute, sw, () -> piBy(steps)).await(); // suspends this request's task
            } catch (SwitchOffException late) {
                deadlinesPassed.incrementAndGet();
                reply(ex, 503, "the deadline of " + settings.deadline().toMillis() + " ms passed; try a smaller n");
                return;
            }
            reply(ex, 200, Double.toString(pi));
        }
    }

    /** Pi by the midpoint rule with {@code steps} steps, split by fork-join on the compute pool. */
    static double piBy(int steps) {
        double h = 1.0 / steps;
        return h * ForkJoin.reduce(steps, Math.max(1, steps / 64), 0.0, (lo, hi) -> {
            double s = 0;
            for (int i = lo; i < hi; i++) {
                double x = (i + 0.5) * h;
                s += 4.0 / (1.0 + x * x);
            }
            return s;
        }, Double::sum);
    }

    private void primes(HttpExchange ex, int below) throws IOException {
        Chan<Integer> found = Chan.bounded(256);
        try (Switch sw = Switch.create().turnOffAfter(settings.deadline())) {
            Fut<Void> producer = Fut.spawn(compute, sw, () -> {
                try {
                    for (int k = 2; k < below; k++) {
                        if (isPrime(k)) {
                            found.send(k); // waits while the client reads slowly; stops when sw turns off
                        }
                    }
                } finally {
                    found.close();
                }
                return null;
            });
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(200, 0); // chunked: the length is not known yet
            try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(ex.getResponseBody(), StandardCharsets.UTF_8))) {
                for (Integer p : found) {
                    out.write(Integer.toString(p));
                    out.write('\n');
                }
            } catch (IOException gone) {
                cancelledStreams.incrementAndGet(); // the client went away: stop the producer
                sw.turnOff();
                return;
            }
            try {
                producer.await();
            } catch (SwitchOffException late) {
                deadlinesPassed.incrementAndGet(); // the stream ended early; the status was sent already
            }
        }
    }

    static boolean isPrime(int k) {
        if (k < 4) {
            return k >= 2;
        }
        if (k % 2 == 0) {
            return false;
        }
        for (int d = 3; (long) d * d <= k; d += 2) {
            if (k % d == 0) {
                return false;
            }
        }
        return true;
    }

    private static void reply(HttpExchange ex, int status, String line) throws IOException {
        byte[] body = (line + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8), java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }

    private static long number(Map<String, String> query, String name, long min, long max) {
        String v = query.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing query parameter " + name + " (an integer from " + min + " to " + max + ")");
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer from " + min + " to " + max + ": '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ": " + n);
        }
        return n;
    }

    @Override
    public void close() {
        server.stop(0);
        requests.shutdown();
        compute.shutdown();
        budget.close();
    }
}
