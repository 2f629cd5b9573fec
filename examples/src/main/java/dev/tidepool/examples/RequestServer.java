package dev.tidepool.examples;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.Background;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.Runners;
import dev.tidepool.runners.WsPool;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The shape of a server that answers requests while it computes: a {@link FifoPool} answers
 * requests in arrival order, a {@link WsPool} runs fork-join compute, a {@link Background} runner
 * appends each answer to a log file with blocking writes, and both pools share one
 * {@link CoreBudget}. {@link Runners#main} is the entry point: its task paces the requests.
 *
 * <p>It serves the same request stream three times: with the compute pool idle, with it
 * saturated, and, for contrast, with the requests sent to the saturated compute pool itself
 * (optionally after one unmeasured round of the three, so that the JIT has compiled the code).
 * The latency of a request runs from its submission to its answer (the log write is queued, not
 * awaited).
 */
final class RequestServer {
    /** Pi steps per compute round; 256 fork-join chunks of {@link #CHUNK}. */
    private static final int STEPS = 1 << 22;
    private static final int CHUNK = 1 << 14;

    private RequestServer() {}

    /**
     * How to run it.
     *
     * @param cores the core budget shared by both pools
     * @param requests requests per phase
     * @param intervalMicros time between two requests
     * @param work xorshift rounds per request (20,000 take some tens of microseconds)
     * @param warmUp whether to run the three phases once, unmeasured, first (for the JIT)
     */
    record Settings(int cores, int requests, int intervalMicros, int work, boolean warmUp) {
        /** Request ids of every phase run, warm-up included; the log has one line per id. */
        int totalRequests() {
            return (warmUp ? 6 : 3) * requests;
        }

        /** Checks each value on its own, naming the one that is wrong (the fields are not set yet here). */
        Settings {
            atLeast("cores", cores, 1);
            atLeast("requests", requests, 1);
            atLeast("intervalMicros", intervalMicros, 0);
            atLeast("work", work, 0);
        }

        private static void atLeast(String name, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
            }
        }
    }

    /** Latencies of one phase, in nanoseconds. */
    record Latency(int count, long p50, long p90, long p99, long max) {
        static Latency of(long[] nanos) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            return new Latency(s.length, at(s, 0.50), at(s, 0.90), at(s, 0.99), s[s.length - 1]);
        }

        /** Prints one table row: {@code label}, then p50, p90, p99 and max in ms. */
        void print(String label, int width) {
            System.out.printf("%-" + width + "s %8.3f %8.3f %8.3f %8.3f%n", label, p50 / 1e6, p90 / 1e6, p99 / 1e6, max / 1e6);
        }

        /** {@code a / b} for two latencies in ns (b taken as at least 1 ns). */
        static double ratio(long a, long b) {
            return (double) a / Math.max(1, b);
        }

        /** The nearest-rank percentile {@code q} of sorted {@code s}. */
        private static long at(long[] s, double q) {
            return s[Math.max(0, (int) Math.ceil(s.length * q) - 1)];
        }
    }

    /**
     * What a run measured and checked.
     *
     * @param idle requests on the FIFO pool, compute pool idle
     * @param loaded requests on the FIFO pool while the compute pool is saturated
     * @param shared requests on the saturated compute pool itself
     * @param wrongAnswers answers that differ from the expected value (0 when correct)
     * @param logLines lines in the log file, one per request of every phase
     * @param logMismatches requests whose log line is missing, repeated or wrong (0 when correct)
     * @param computeRounds pi rounds the compute pool finished while loaded
     * @param pi the last pi it computed
     */
    record Report(Latency idle, Latency loaded, Latency shared, int wrongAnswers, long logLines,
            int logMismatches, long computeRounds, double pi) {}

    /** Whether every check of {@code r} passed for a run with settings {@code s}. */
    static boolean passed(Report r, Settings s) {
        return r.wrongAnswers() == 0 && r.logMismatches() == 0 && r.logLines() == s.totalRequests()
                && r.idle().count() == s.requests() && r.loaded().count() == s.requests()
                && r.shared().count() == s.requests() && r.computeRounds() > 0 && Math.abs(r.pi() - Math.PI) < 1e-9;
    }

    /** The answer to request {@code id}: {@code work} xorshift rounds from a seed made of it. */
    static long answer(int id, int work) {
        long x = id * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < work; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /** Runs the three phases with {@link Runners#main} as the entry point; the log goes to {@code logFile}. */
    static Report run(Settings s, Path logFile) throws IOException {
        long[] expected = new long[s.totalRequests()]; // computed once, on this thread, for both checks
        for (int id = 0; id < expected.length; id++) {
            expected[id] = answer(id, s.work());
        }
        try (BufferedWriter log = Files.newBufferedWriter(logFile)) {
            Report r = Runners.main(main -> serve(s, expected, log));
            return checkLog(r, expected, logFile);
        }
    }

    private static Report serve(Settings s, long[] expected, BufferedWriter logWriter) {
        CoreBudget cores = CoreBudget.of(s.cores());
        FifoPool requests = FifoPool.builder().name("requests").threads(2).budget(cores).build();
        WsPool compute = WsPool.builder().name("compute").threads(s.cores()).budget(cores).build();
        Background log = Background.create("log");
        try {
            Server server = new Server(s, expected, requests, compute, log, logWriter);
            int warmWrong = s.warmUp() ? server.phases(3 * s.requests()).wrongAnswers() : 0;
            Report r = server.phases(0);
            return new Report(r.idle(), r.loaded(), r.shared(), r.wrongAnswers() + warmWrong, 0, 0,
                    r.computeRounds(), r.pi());
        } finally {
            requests.shutdown();
            compute.shutdown();
            log.shutdown(); // runs the queued writes first
            cores.close();
        }
    }

    /** The runners and settings the phases share. */
    private record Server(Settings s, long[] expected, FifoPool requests, WsPool compute, Background log,
            BufferedWriter logWriter) {
        /** The three phases, request ids from {@code firstId}; the log fields are left at 0. */
        Report phases(int firstId) {
            Phase idle = phase(firstId, requests);
            Load load = Load.start(compute);
            Phase loaded;
            Phase shared;
            Load.Rounds rounds;
            try {
                loaded = phase(firstId + s.requests(), requests);
                shared = phase(firstId + 2 * s.requests(), compute);
            } finally {
                rounds = load.stop(); // else the compute pool's shutdown would wait for it forever
            }
            return new Report(idle.latency, loaded.latency, shared.latency, idle.wrong + loaded.wrong + shared.wrong,
                    0, 0, rounds.count(), rounds.lastPi());
        }

        /** Sends {@code s.requests()} requests, one every {@code s.intervalMicros()}, to {@code on}. */
        private Phase phase(int firstId, Runner on) {
            int n = s.requests();
            long[] latency = new long[n];
            long[] answers = new long[n];
            List<Fut<Void>> done = new ArrayList<>(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long due = t0 + i * 1_000L * s.intervalMicros();
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                int k = i;
                int id = firstId + i;
                long sent = System.nanoTime();
                done.add(on.spawn("request", () -> {
                    long a = answer(id, s.work());
                    answers[k] = a;
                    log.run(() -> writeLine(logWriter, id + " " + a));
                    latency[k] = System.nanoTime() - sent;
                    return null;
                }));
            }
            Fut.allOf(done).await(); // each task's writes happen-before this returns
            int wrong = 0;
            for (int i = 0; i < n; i++) {
                if (answers[i] != expected[firstId + i]) {
                    wrong++;
                }
            }
            return new Phase(Latency.of(latency), wrong);
        }
    }

    private record Phase(Latency latency, int wrong) {}

    private static void writeLine(BufferedWriter w, String line) {
        try {
            w.write(line);
            w.newLine();
            w.flush(); // one blocking write per line, on the Background thread
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pi rounds on the compute pool, one after another, until stopped. */
    private static final class Load {
        /** Rounds finished and the pi of the last one. */
        record Rounds(long count, double lastPi) {}

        private final AtomicBoolean stop = new AtomicBoolean();
        private Fut<Rounds> rounds;

        static Load start(WsPool compute) {
            Load l = new Load();
            l.rounds = compute.spawn("compute", () -> {
                long n = 0;
                double pi = 0;
                while (!l.stop.get()) {
                    pi = ForkJoin.reduce(STEPS, CHUNK, 0.0, Load::piChunk, Double::sum);
                    n++;
                }
                return new Rounds(n, pi);
            });
            return l;
        }

        /** Stops after the round in progress. */
        Rounds stop() {
            stop.set(true);
            return rounds.await();
        }

        private static double piChunk(int lo, int hi) {
            double h = 1.0 / STEPS;
            double sum = 0;
            for (int i = lo; i < hi; i++) {
                double x = (i + 0.5) * h;
                sum += 4.0 / (1.0 + x * x);
            }
            return sum * h;
        }
    }

    /** Counts the log's lines and checks that each request of every phase logged its answer once. */
    private static Report checkLog(Report r, long[] expected, Path logFile) throws IOException {
        int[] seen = new int[expected.length];
        int mismatches = 0;
        List<String> lines = Files.readAllLines(logFile);
        for (String line : lines) {
            int id = logged(line, expected);
            if (id < 0) {
                mismatches++;
            } else {
                seen[id]++;
            }
        }
        for (int c : seen) {
            if (c != 1) {
                mismatches++;
            }
        }
        return new Report(r.idle(), r.loaded(), r.shared(), r.wrongAnswers(), lines.size(), mismatches,
                r.computeRounds(), r.pi());
    }

    /** The request id of a log line {@code "<id> <answer>"} with the expected answer, else -1. */
    private static int logged(String line, long[] expected) {
        String[] f = line.split(" ");
        try {
            int id = f.length == 2 ? Integer.parseInt(f[0]) : -1;
            return id >= 0 && id < expected.length && Long.parseLong(f[1]) == expected[id] ? id : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
