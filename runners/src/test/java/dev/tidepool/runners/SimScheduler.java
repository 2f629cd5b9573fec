package dev.tidepool.runners;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The scheduler of a deterministic simulation: every virtual thread of a simulated pool (workers,
 * submitters, the thread that shuts it down) hands its continuation here, and the calling thread,
 * the only carrier, runs one continuation at a time, choosing among the ready ones from a seed. In
 * a JVM with {@code -Dtidepool.sim=true} every {@link Sim#point()} of the pool protocol yields,
 * so each step of the protocol is a choice; the same seed replays the same interleaving.
 *
 * <p>Choices follow PCT (probabilistic concurrency testing, Burckhardt et al., ASPLOS 2010) with a
 * twist: each thread gets a random priority when it first becomes ready, the highest ready one
 * runs, and at {@code changes} random steps the running thread drops to the lowest priority. With
 * probability 1/2 per seed the choice is uniform instead. Both find orderings that a fair
 * round-robin never produces, such as one thread stalled for a long stretch mid-protocol.
 */
final class SimScheduler implements Executor {
    private final SplittableRandom random;
    private final boolean uniform;
    private final List<Runnable> ready = new ArrayList<>();
    private final List<Integer> priorities = new ArrayList<>();
    private final Map<Runnable, Integer> priorityOf = new IdentityHashMap<>();
    private final long[] changeSteps;
    private int lowest = 0;
    private int next = 1_000_000;
    private long steps;
    private final StringBuilder trace = new StringBuilder();
    private final boolean tracing;
    /** Threads that may get a spurious wake-up (LockSupport.park may return for no reason). */
    private final List<Thread> wakeable = new CopyOnWriteArrayList<>();
    private final int spuriousPerMille;

    SimScheduler(long seed, int maxSteps, boolean tracing) {
        this.random = new SplittableRandom(seed);
        this.uniform = random.nextBoolean();
        int changes = 1 + random.nextInt(4);
        this.changeSteps = new long[changes];
        for (int i = 0; i < changes; i++) {
            changeSteps[i] = random.nextInt(Math.max(1, maxSteps / 8));
        }
        this.tracing = tracing;
        this.spuriousPerMille = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(50);
    }

    /** The thread each continuation belongs to, learnt from the points it passes. */
    private final Map<Runnable, String> names = new IdentityHashMap<>();
    /** A fixed interleaving to follow first: {thread, step} pairs, or {"!wake", thread}. */
    private final ArrayDeque<String[]> script = new ArrayDeque<>();

    /**
     * Follows {@code steps} before choosing at random: each {thread, step} runs that thread until
     * it passes the named point; {"!wake", thread} unparks that thread (a stray permit).
     */
    void script(List<String[]> steps) {
        script.addAll(steps);
    }

    /** What an idle carrier does between continuations (compensation); run at random steps. */
    private Runnable carrierStep;

    void carrierStep(Runnable step) {
        this.carrierStep = step;
    }

    /** Lets the simulation wake {@code t} at random steps, as a stray permit would. */
    void wakeSpuriously(Thread t) {
        wakeable.add(t);
    }

    @Override
    public void execute(Runnable continuation) {
        ready.add(continuation);
        Integer p = priorityOf.get(continuation);
        if (p == null) {
            p = next - random.nextInt(1_000_000);
            priorityOf.put(continuation, p);
        }
        priorities.add(p);
    }

    /**
     * Runs continuations until {@code done} holds; false if none is ready before that (every thread
     * parked: a lost wake-up or a deadlock) or after {@code maxSteps}.
     */
    boolean run(BooleanSupplier done, long maxSteps) {
        while (!done.getAsBoolean()) {
            if ((ready.isEmpty() && carrierStep == null) || steps >= maxSteps) {
                return false;
            }
            if (script.isEmpty() && !wakeable.isEmpty() && random.nextInt(1000) < spuriousPerMille) {
                Thread t = wakeable.get(random.nextInt(wakeable.size()));
                if (Sim.log != null) {
                    Sim.log.append("(spurious wake-up of ").append(t.getName()).append(")\n");
                }
                LockSupport.unpark(t);
                if (ready.isEmpty()) {
                    continue;
                }
            }
            if (carrierStep != null && script.isEmpty() && (ready.isEmpty() || random.nextInt(16) == 0)) {
                carrierStep.run();
                if (ready.isEmpty()) {
                    return false;
                }
            }
            int i = script.isEmpty() ? pick() : scripted();
            if (i < 0) {
                continue;
            }
            Runnable r = ready.remove(i);
            priorities.remove(i);
            for (long c : changeSteps) {
                if (c == steps) {
                    priorityOf.put(r, --lowest - 2_000_000); // from now on it runs only when nothing else can
                }
            }
            if (tracing) {
                trace.append(steps).append(':').append(r.hashCode() % 10_000).append(' ');
            }
            steps++;
            Sim.lastThread = null;
            r.run();
            if (Sim.lastThread != null) {
                names.put(r, Sim.lastThread);
                String[] d = script.peek();
                if (d != null && d[0].equals(Sim.lastThread) && d[1].equals(Sim.lastStep)) {
                    script.poll();
                }
            }
        }
        return true;
    }

    /**
     * The ready continuation of the thread the script names next, or -1 after a directive that
     * runs nothing. Directives: {thread, step} runs the thread until it passes that point;
     * {"!run", thread} runs it once; {"!finish", thread} runs it while it is ready;
     * {"!wake", thread} unparks it.
     */
    private int scripted() {
        String[] d = script.peek();
        String who = d[0].startsWith("!") ? d[1] : d[0];
        if (d[0].equals("!wake")) {
            script.poll();
            for (Thread t : wakeable) {
                if (t.getName().equals(who)) {
                    LockSupport.unpark(t);
                }
            }
            return -1;
        }
        for (int i = 0; i < ready.size(); i++) {
            if (who.equals(names.get(ready.get(i)))) {
                if (d[0].equals("!run")) {
                    script.poll();
                }
                return i;
            }
        }
        if (d[0].equals("!finish")) {
            script.poll();
            return -1;
        }
        for (int i = 0; i < ready.size(); i++) { // not seen at a point yet: try the unnamed ones
            if (!names.containsKey(ready.get(i))) {
                return i;
            }
        }
        throw new AssertionError("script: " + who + " is not ready for " + String.join(" ", d));
    }

    private int pick() {
        if (uniform) {
            return random.nextInt(ready.size());
        }
        int best = 0;
        for (int i = 1; i < ready.size(); i++) {
            if (priorities.get(i) > priorities.get(best)) {
                best = i;
            }
        }
        return best;
    }

    long steps() {
        return steps;
    }

    String trace() {
        return trace.toString();
    }
}
