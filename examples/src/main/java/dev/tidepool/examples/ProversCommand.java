package dev.tidepool.examples;

import dev.tidepool.cli.CliPaths;
import dev.tidepool.cli.CliProgress;
import dev.tidepool.futures.Fut;
import dev.tidepool.process.Job;
import dev.tidepool.process.JobFailedException;
import dev.tidepool.process.JobTimeoutException;
import dev.tidepool.process.ProcessPool;
import dev.tidepool.process.WorkerCrashedException;
import dev.tidepool.runners.WsPool;
import dev.tidepool.tracing.Tracing;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code provers}: proof obligations (random 3-SAT formulas at the hard ratio) solved in worker
 * processes, with a time limit each, next to a few solvers that abort their JVM, leak memory or
 * never return. Every answer is checked: each model must satisfy its formula, and the well-behaved
 * jobs must give the answers of the same solver run in this process.
 */
@Command(name = "provers", mixinStandardHelpOptions = true,
        description = {"Solve random 3-SAT obligations in worker processes, some of which crash, leak or hang.",
            "Each job has a time limit; every model is checked, and the answers are compared with an in-process run."})
final class ProversCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--problems", description = "well-behaved obligations (default: ${DEFAULT-VALUE})", defaultValue = "24")
    int problems;

    @Option(names = "--vars", description = "variables per formula (default: ${DEFAULT-VALUE})", defaultValue = "90")
    int vars;

    @Option(names = "--ratio", description = "clauses per variable (default: ${DEFAULT-VALUE}, the hard ratio)", defaultValue = "4.26")
    double ratio;

    @Option(names = "--bad", description = "misbehaving jobs: abort, leak, never return, in turn (default: ${DEFAULT-VALUE})",
            defaultValue = "3")
    int bad;

    @Option(names = "--timeout", description = "time limit of each job, ms (default: ${DEFAULT-VALUE})", defaultValue = "5000")
    long timeoutMs;

    @Option(names = "-j", description = "worker processes (default: available processors)")
    Integer processes;

    @Option(names = "--seed", description = "seed of the formulas (default: ${DEFAULT-VALUE})", defaultValue = "1")
    long seed;

    @Option(names = "--trace", paramLabel = "FILE", description = "write a Perfetto trace there: a track per worker process")
    Path trace;

    private record Submitted(ProverJobs.Problem problem, String kind, Fut<ProverJobs.Verdict> verdict) {}

    @Override
    public Integer call() throws Exception {
        if (problems < 0 || vars < 3 || ratio <= 0 || bad < 0 || timeoutMs < 1 || problems + bad == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "need --problems >= 0, --vars >= 3, --ratio > 0, "
                    + "--bad >= 0, --timeout >= 1 and at least one job: " + problems + ", " + vars + ", " + ratio + ", " + bad
                    + ", " + timeoutMs);
        }
        int j = processes == null ? Runtime.getRuntime().availableProcessors() : processes;
        if (j < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-j must be at least 1: " + j);
        }
        List<ProverJobs.Problem> all = new ArrayList<>();
        for (int i = 0; i < problems + bad; i++) {
            all.add(new ProverJobs.Problem(i, vars, Sat.random3Sat(vars, ratio, seed * 1_000_003L + i)));
        }
        List<Class<? extends Job<ProverJobs.Problem, ProverJobs.Verdict>>> badKinds =
                List.of(ProverJobs.Abort.class, ProverJobs.Leak.class, ProverJobs.Diverge.class);
        List<Submitted> submitted = new ArrayList<>();
        Tracing tracing = startTrace();
        long t0 = System.nanoTime();
        try (ProcessPool provers = ProcessPool.builder().name("provers").processes(j).jvmOptions("-Xmx256m").build();
                CliProgress progress = CliProgress.start("provers", all.size())) {
            int total = all.size();
            for (int i = 0, k = 0; i < total; i++) {
                // The misbehaving ones spread evenly among the others: job (k + 1) * total / (bad + 1) for the k-th.
                boolean misbehaves = k < bad && i == (int) ((k + 1L) * total / (bad + 1));
                Class<? extends Job<ProverJobs.Problem, ProverJobs.Verdict>> kind =
                        misbehaves ? badKinds.get(k % badKinds.size()) : ProverJobs.Solve.class;
                if (misbehaves) {
                    k++;
                }
                Fut<ProverJobs.Verdict> f = provers.submit(kind, all.get(i), Duration.ofMillis(timeoutMs));
                f.onComplete((v, e) -> progress.step());
                submitted.add(new Submitted(all.get(i), misbehaves ? kind.getSimpleName().toLowerCase() : "solve", f));
            }
            for (Submitted s : submitted) {
                try {
                    s.verdict().await();
                } catch (RuntimeException e) {
                    // reported below
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (tracing != null) {
            tracing.close();
            System.err.println("trace written to " + trace + " (open it in https://ui.perfetto.dev)");
        }

        // The same solver in this process, for the well-behaved jobs: the answers must agree.
        List<ProverJobs.Problem> good = submitted.stream().filter(s -> s.kind().equals("solve")).map(Submitted::problem).toList();
        List<Boolean> inProcess;
        try (WsPool pool = WsPool.builder().name("in-process").threads(j).build()) {
            List<Fut<Boolean>> fs = good.stream().map(p -> pool.spawn(() -> Sat.solve(p.vars(), p.clauses()) != null)).toList();
            inProcess = fs.stream().map(Fut::await).toList();
        }

        int sat = 0;
        int unsat = 0;
        int timeouts = 0;
        int crashed = 0;
        int failed = 0;
        int disagree = 0;
        int badModels = 0;
        System.out.printf("%4s  %-8s  %-9s  %s%n", "job", "solver", "outcome", "detail");
        int g = 0;
        for (Submitted s : submitted) {
            String outcome;
            String detail = "";
            try {
                ProverJobs.Verdict v = s.verdict().await();
                outcome = v.sat() ? "sat" : "unsat";
                if (v.sat()) {
                    sat++;
                    if (!Sat.satisfies(s.problem().clauses(), v.model())) {
                        badModels++;
                        detail = "MODEL DOES NOT SATISFY THE FORMULA";
                    } else {
                        detail = "model checked";
                    }
                } else {
                    unsat++;
                }
                if (s.kind().equals("solve") && v.sat() != inProcess.get(g)) {
                    disagree++;
                    detail += " DISAGREES WITH THE IN-PROCESS RUN";
                }
            } catch (JobTimeoutException e) {
                outcome = "timeout";
                timeouts++;
                detail = "killed after " + timeoutMs + " ms";
            } catch (WorkerCrashedException e) {
                outcome = "crashed";
                crashed++;
                detail = "exit code " + e.exitCode() + lastLine(e.stderrTail());
            } catch (JobFailedException e) {
                outcome = "failed";
                failed++;
                detail = e.exceptionClass();
            }
            if (s.kind().equals("solve")) {
                g++;
            }
            System.out.printf("%4d  %-8s  %-9s  %s%n", s.problem().id(), s.kind(), outcome, detail);
        }
        System.out.printf("%d jobs on %d processes in %.2f s: %d sat (every model checked), %d unsat, %d timeout, %d crashed, %d failed%n",
                submitted.size(), j, seconds, sat, unsat, timeouts, crashed, failed);
        System.out.printf("in-process answers for the %d well-behaved jobs: %s%n", good.size(),
                disagree == 0 ? "all agree" : disagree + " DISAGREE");
        boolean ok = disagree == 0 && badModels == 0;
        System.out.println("check: every model satisfies its formula, every answer agrees with the in-process solver: "
                + (ok ? "OK" : "FAILED"));
        return ok ? 0 : 1;
    }

    private Tracing startTrace() {
        if (trace == null) {
            return null;
        }
        CliPaths.checkOutput(spec.commandLine(), "--trace", trace, false);
        try {
            return Tracing.toPerfetto(trace, "tidepool-example provers");
        } catch (UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trace: " + e.getCause().getMessage());
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : ": " + lines.getLast();
    }
}
