package dev.tidepool.examples;

import dev.tidepool.process.Job;
import dev.tidepool.process.JobContext;
import java.util.ArrayList;
import java.util.List;

/** The jobs of {@code tidepool-example provers}, run in worker processes. */
public final class ProverJobs {
    private ProverJobs() {}

    /**
     * A proof obligation: a CNF formula over variables 1..vars.
     *
     * @param id the obligation's number
     * @param vars the number of variables
     * @param clauses the clauses, literals as signed variable numbers
     */
    public record Problem(int id, int vars, int[][] clauses) {}

    /**
     * A solver's answer.
     *
     * @param sat whether the formula is satisfiable
     * @param model a satisfying assignment if it is, else null
     */
    public record Verdict(boolean sat, int[] model) {}

    /** The well-behaved job: DPLL. */
    public static final class Solve implements Job<Problem, Verdict> {
        @Override
        public Verdict run(Problem p, JobContext ctx) {
            int[] model = Sat.solve(p.vars(), p.clauses());
            return new Verdict(model != null, model);
        }
    }

    /** A solver that ends its JVM (as a native library's abort would). */
    public static final class Abort implements Job<Problem, Verdict> {
        @Override
        public Verdict run(Problem p, JobContext ctx) {
            System.err.println("solver aborting on obligation " + p.id());
            System.exit(7);
            return null;
        }
    }

    /** A solver that allocates without bound. */
    public static final class Leak implements Job<Problem, Verdict> {
        @Override
        public Verdict run(Problem p, JobContext ctx) {
            List<long[]> kept = new ArrayList<>();
            for (;;) {
                kept.add(new long[1 << 20]);
            }
        }
    }

    /** A solver that never returns. */
    public static final class Diverge implements Job<Problem, Verdict> {
        @Override
        public Verdict run(Problem p, JobContext ctx) {
            long x = p.id() + 1L;
            while (x != 0) {
                x = x * 6364136223846793005L + 1442695040888963407L | 1;
            }
            return null;
        }
    }
}
