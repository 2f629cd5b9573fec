package dev.tidepool.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small DPLL SAT solver (unit propagation, then a branch on a literal of the first clause not
 * yet satisfied) and random 3-SAT instances: the shape of a prover's proof obligations, CPU-bound
 * and of unpredictable length.
 */
final class Sat {
    private Sat() {}

    /**
     * A random 3-SAT formula: {@code round(ratio * vars)} clauses of three distinct variables, each
     * negated with probability one half. Around ratio 4.26 about half are satisfiable, and they
     * are the hardest.
     */
    static int[][] random3Sat(int vars, double ratio, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int m = (int) Math.round(ratio * vars);
        int[][] clauses = new int[m][];
        for (int i = 0; i < m; i++) {
            int a = 1 + r.nextInt(vars);
            int b;
            do {
                b = 1 + r.nextInt(vars);
            } while (b == a);
            int c;
            do {
                c = 1 + r.nextInt(vars);
            } while (c == a || c == b);
            clauses[i] = new int[] {r.nextBoolean() ? a : -a, r.nextBoolean() ? b : -b, r.nextBoolean() ? c : -c};
        }
        return clauses;
    }

    /** A model (literal {@code v} or {@code -v} for each variable 1..vars), or null if unsatisfiable. */
    static int[] solve(int vars, int[][] clauses) {
        int[] value = new int[vars + 1];
        if (!dpll(clauses, value)) {
            return null;
        }
        int[] model = new int[vars];
        for (int v = 1; v <= vars; v++) {
            model[v - 1] = value[v] < 0 ? -v : v; // a variable left free may be either
        }
        return model;
    }

    /** Whether {@code model} satisfies every clause. */
    static boolean satisfies(int[][] clauses, int[] model) {
        boolean[] isTrue = new boolean[model.length + 1];
        for (int lit : model) {
            if (lit > 0) {
                isTrue[lit] = true;
            }
        }
        for (int[] c : clauses) {
            boolean sat = false;
            for (int lit : c) {
                if (Math.abs(lit) <= model.length && isTrue[Math.abs(lit)] == (lit > 0)) {
                    sat = true;
                    break;
                }
            }
            if (!sat) {
                return false;
            }
        }
        return true;
    }

    private static boolean dpll(int[][] clauses, int[] value) {
        List<Integer> trail = new ArrayList<>();
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int[] c : clauses) {
                int free = 0;
                int last = 0;
                boolean sat = false;
                for (int lit : c) {
                    int v = value[Math.abs(lit)];
                    if (v == 0) {
                        free++;
                        last = lit;
                    } else if ((v > 0) == (lit > 0)) {
                        sat = true;
                        break;
                    }
                }
                if (sat) {
                    continue;
                }
                if (free == 0) {
                    undo(trail, value);
                    return false; // a clause with every literal false
                }
                if (free == 1) {
                    value[Math.abs(last)] = last > 0 ? 1 : -1; // unit propagation
                    trail.add(Math.abs(last));
                    changed = true;
                }
            }
        }
        int branch = 0;
        for (int[] c : clauses) {
            boolean sat = false;
            int free = 0;
            for (int lit : c) {
                int v = value[Math.abs(lit)];
                if (v == 0) {
                    free = free == 0 ? lit : free;
                } else if ((v > 0) == (lit > 0)) {
                    sat = true;
                    break;
                }
            }
            if (!sat) {
                branch = free;
                break;
            }
        }
        if (branch == 0) {
            return true; // every clause satisfied
        }
        int v = Math.abs(branch);
        for (int choice : new int[] {branch > 0 ? 1 : -1, branch > 0 ? -1 : 1}) {
            value[v] = choice;
            if (dpll(clauses, value)) {
                return true;
            }
            value[v] = 0;
        }
        undo(trail, value);
        return false;
    }

    private static void undo(List<Integer> trail, int[] value) {
        for (int v : trail) {
            value[v] = 0;
        }
    }
}
