package dev.tidepool.bench;

import dev.tidepool.futures.Fut;
import dev.tidepool.process.JobTimeoutException;
import dev.tidepool.process.ProcessPool;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code processes}: what running jobs in child JVMs costs. CPU-bound jobs of about 100 ms on N
 * worker processes against the same work as tasks of an in-process WsPool of N workers; the round
 * trip of an empty job on a warm process; the start-up of a child, with and without C1-only
 * compilation; and how late a job's future fails after its time limit.
 */
@Command(name = "processes", mixinStandardHelpOptions = true,
        description = "Measure worker processes: throughput against an in-process pool, job round trip, child start-up, timeout precision.")
final class ProcessesCommand implements Callable<Integer> {
    private static final Duration LIMIT = Duration.ofMinutes(5);

    @Option(names = "-j", description = "processes, and workers of the in-process pool (default: cores)")
    Integer processes;

    @Option(names = "--jobs", description = "CPU-bound jobs per throughput run (default: ${DEFAULT-VALUE})", defaultValue = "40")
    int jobs;

    @Option(names = "--job-ms", description = "CPU time of one job, about (default: ${DEFAULT-VALUE})", defaultValue = "100")
    int jobMs;

    @Option(names = "--timeouts", description = "jobs that run past their limit (default: ${DEFAULT-VALUE})", defaultValue = "100")
    int timeouts;

    @Override
    public Integer call() throws Exception {
        int n = processes == null ? Runtime.getRuntime().availableProcessors() : processes;
        if (n < 1 || jobs < 1 || jobMs < 1 || timeouts < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "-j, --jobs, --job-ms and --timeouts must be at least 1: " + n + ", " + jobs + ", " + jobMs + ", " + timeouts);
        }
        long rounds = calibrate(jobMs);
        System.out.printf("%d processes; %d jobs of ~%d ms (%d xorshift rounds)%n", n, jobs, jobMs, rounds);

        // Throughput: warm both sides first (children started, code compiled), then 3 runs each.
        double[] inProc = new double[3];
        double[] outProc = new double[3];
        Runner pool = WsPool.builder().name("in-process").threads(n).build();
        try (ProcessPool children = ProcessPool.builder().name("bench").processes(n).build()) {
            inProcess(pool, rounds);
            inChildren(children, rounds);
            for (int i = 0; i < 3; i++) {
                inProc[i] = inProcess(pool, rounds);
                outProc[i] = inChildren(children, rounds);
            }
            double[] trips = new double[200];
            for (int i = 0; i < trips.length; i++) {
                long t0 = System.nanoTime();
                await(children.submit(ProcessJobs.Echo.class, (long) i));
                trips[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(trips);
            System.out.printf("round trip of an empty job on a warm process: p50 %.3f ms, p99 %.3f ms%n",
                    trips[trips.length / 2], trips[trips.length * 99 / 100]);
        } finally {
            pool.shutdown();
        }
        double in = median(inProc);
        double out = median(outProc);
        System.out.printf("throughput: in-process %.3f s, processes %.3f s (medians of 3: %s vs %s)%n", in, out,
                Arrays.toString(inProc), Arrays.toString(outProc));
        System.out.printf("per-job overhead of a process: %.2f ms%n", (out - in) * 1000 * n / jobs);
        System.out.printf("bar: throughput processes / in-process %.2f >= 0.90: %s%n", in / out, in / out >= 0.9 ? "met" : "MISSED");

        startUp("default JVM options", false);
        startUp("-XX:TieredStopAtLevel=1", false, "-XX:TieredStopAtLevel=1");
        startUp("classDataSharing(true)", true);
        startUp("classDataSharing(true), -XX:TieredStopAtLevel=1", true, "-XX:TieredStopAtLevel=1");

        double[] late = new double[timeouts];
        Duration limit = Duration.ofMillis(100);
        // No stop grace: each job never returns, so its process dies at once and the next job waits
        // for a fresh one only as long as a start.
        try (ProcessPool killing = ProcessPool.builder().name("timeouts").processes(n).stopGrace(Duration.ZERO).build()) {
            for (int i = 0; i < timeouts; i++) {
                await(killing.submit(ProcessJobs.Echo.class, 0L)); // a ready child (the last one was killed)
                Fut<Long> f = killing.submit(ProcessJobs.Forever.class, 1L, limit);
                long deadline = System.nanoTime() + limit.toNanos();
                try {
                    await(f);
                    throw new IllegalStateException("a job that never returns returned");
                } catch (JobTimeoutException expected) {
                    late[i] = (System.nanoTime() - deadline) / 1e6;
                }
            }
        }
        Arrays.sort(late);
        System.out.printf("timeout precision over %d running jobs (limit %d ms; the future fails at the limit, and the "
                + "process is killed): p50 %.2f ms, p99 %.2f ms late%n", timeouts, limit.toMillis(), late[timeouts / 2],
                late[timeouts * 99 / 100]);
        return 0;
    }

    private static long calibrate(int ms) {
        long rounds = 1_000_000;
        ProcessJobs.burn(rounds * 20); // compile it first
        for (;;) {
            long t0 = System.nanoTime();
            ProcessJobs.burn(rounds);
            long took = System.nanoTime() - t0;
            if (took > 20_000_000L) {
                return rounds * ms * 1_000_000L / took;
            }
            rounds *= 2;
        }
    }

    private double inProcess(Runner pool, long rounds) {
        long t0 = System.nanoTime();
        List<Fut<Long>> fs = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            fs.add(pool.spawn(() -> ProcessJobs.burn(rounds)));
        }
        fs.forEach(ProcessesCommand::await);
        return (System.nanoTime() - t0) / 1e9;
    }

    private double inChildren(ProcessPool children, long rounds) {
        long t0 = System.nanoTime();
        List<Fut<Long>> fs = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            fs.add(children.submit(ProcessJobs.Burn.class, rounds));
        }
        fs.forEach(ProcessesCommand::await);
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The time from submit to the result of an empty job, each in a fresh child (5 times; with the
     * class-data archive, after a first child that writes it).
     */
    private static void startUp(String what, boolean cds, String... options) {
        double[] ms = new double[5];
        try (ProcessPool fresh = ProcessPool.builder().name("start-up").processes(1).tasksPerProcess(1).jvmOptions(options)
                .classDataSharing(cds).build()) {
            if (cds) {
                long first = await(fresh.submit(ProcessJobs.Pid.class, 0L)); // this child writes the archive as it exits
                awaitExit(first);
                if (!java.nio.file.Files.isRegularFile(fresh.logDirectory().resolve(fresh.name() + ".jsa"))) {
                    what += ", no archive written (a class path with directories?)";
                }
            }
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                await(fresh.submit(ProcessJobs.Echo.class, (long) i));
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        System.out.printf("start-up of a child to its first result (%s): median %.0f ms (min %.0f, max %.0f)%n", what,
                ms[2], ms[0], ms[4]);
    }

    /** Waits (at most a minute) until process {@code pid} has exited (having written its archive, if it could). */
    private static void awaitExit(long pid) {
        ProcessHandle.of(pid).ifPresent(h -> {
            try {
                h.onExit().get(1, TimeUnit.MINUTES);
            } catch (Exception e) {
                throw new IllegalStateException("child " + pid + " did not exit within a minute", e);
            }
        });
    }

    private static <T> T await(Fut<T> f) {
        try {
            return f.await(LIMIT);
        } catch (TimeoutException e) {
            throw new IllegalStateException("a job still pending after " + LIMIT, e);
        }
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
