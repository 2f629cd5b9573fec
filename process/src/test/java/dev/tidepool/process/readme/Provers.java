package dev.tidepool.process.readme;

import dev.tidepool.futures.Fut;
import dev.tidepool.process.Job;
import dev.tidepool.process.JobContext;
import dev.tidepool.process.JobTimeoutException;
import dev.tidepool.process.ProcessPool;
import dev.tidepool.process.WorkerCrashedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

public class Provers {
    /** A job's input and output travel as JSON: records do. */
    public record Problem(long n) {}

    public record Answer(long n, boolean prime) {}

    /** Runs in a child JVM: a public class with a public no-argument constructor. */
    public static final class IsPrime implements Job<Problem, Answer> {
        @Override
        public Answer run(Problem p, JobContext ctx) {
            ctx.progress("testing " + p.n());
            for (long d = 2; d * d <= p.n(); d++) {
                if (p.n() % d == 0) {
                    return new Answer(p.n(), false);
                }
            }
            return new Answer(p.n(), p.n() > 1);
        }
    }

    public static List<String> run() {
        List<String> lines = new ArrayList<>();
        try (ProcessPool provers = ProcessPool.builder().name("provers").processes(2).build()) {
            List<Fut<Answer>> answers = new ArrayList<>();
            for (long n : new long[] {1_000_000_007L, 1_000_000_008L}) {
                answers.add(provers.submit(IsPrime.class, new Problem(n), Duration.ofSeconds(30)));
            }
            for (Fut<Answer> f : answers) {
                try {
                    Answer a = f.await(); // suspends a Tidepool task; blocks any other thread
                    lines.add(a.n() + (a.prime() ? " is prime" : " is not prime"));
                } catch (JobTimeoutException | WorkerCrashedException e) {
                    lines.add("no answer: " + e.getMessage()); // its process was killed, or died
                }
            }
        } // close(): the children finish and exit
        return lines;
    }
}
