package dev.tidepool.runners;

/**
 * Scheduling points for the deterministic simulation of the pool protocol. In a JVM started with
 * {@code -Dtidepool.sim=true} every {@link #point()} yields the calling virtual thread, so that a
 * test scheduler that runs every worker and submitter on one carrier, choosing the next one from a
 * seed, can interleave them at each step of the protocol and replay any interleaving exactly.
 *
 * <p>With {@code -Dtidepool.jitter=true} instead, the same points make real threads pause now and
 * then (a yield, or a spin of up to 50 µs), which widens every race window of the protocol for the
 * fault and soak tests on real cores (noise injection, as in ConTest or rr's chaos mode).
 * Otherwise both flags are constant false and the JIT removes the calls.
 */
final class Sim {
    /** Read once: the simulation runs in a JVM of its own. */
    static final boolean ENABLED = Boolean.getBoolean("tidepool.sim");
    /** Read once: random pauses at the points, on real threads. */
    static final boolean JITTER = !ENABLED && Boolean.getBoolean("tidepool.jitter");

    private Sim() {}

    /** Set by a simulation test that wants the steps of a run (one thread runs at a time). */
    static StringBuilder log;

    /** The thread and step of the last point passed (one thread runs at a time in a simulation). */
    static String lastThread;
    static String lastStep;

    /** A place where another thread may act between two steps of the protocol; {@code step} names it. */
    static void point(String step) {
        if (ENABLED) {
            String name = Thread.currentThread().getName();
            lastThread = name;
            lastStep = step;
            StringBuilder l = log;
            if (l != null) {
                l.append(name).append(": ").append(step).append('\n');
            }
            Thread.yield();
        } else if (JITTER) {
            jitter();
        }
    }

    /**
     * A pause that keeps the thread's park permit: a park here would consume an unpark meant for
     * the protocol's own park a few steps later, and the thread would then wait for ever (a hang
     * of the tool, not of the pool). So it spins, or yields.
     */
    private static void jitter() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        int roll = r.nextInt(64);
        if (roll == 0) {
            long end = System.nanoTime() + r.nextLong(1_000, 50_000);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        } else if (roll < 8) {
            Thread.yield();
        }
    }
}
