package dev.tidepool.runners;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * A work-stealing pool, for fork-join and other tasks that spawn tasks: each worker keeps the tasks
 * it spawns in its own deque and runs the newest first; idle workers steal the oldest task of a
 * random other worker. Tasks from outside the pool go to a shared injection queue.
 *
 * <pre>{@code
 * try (WsPool pool = WsPool.builder().name("compute").threads(8).build()) {
 *     Fut<Long> f = pool.spawn(() -> work());
 *     System.out.println(f.await());
 * }
 * }</pre>
 *
 * <p>Memory consistency: as stated by {@link Runner}.
 */
public final class WsPool extends Pool {
    /*
     * Implementation overview (queues; workers, parking and shutdown are in Pool): a task spawned
     * by a worker that holds a slot goes to that slot's Chase-Lev deque (WsDeque); anything else
     * goes to a JCTools MPMC injection queue. A worker pops its own deque (LIFO), then polls the
     * injection queue, then tries every other slot's deque once starting from a random one (FIFO
     * steal). A local push wakes idle workers only when the deque was empty before (a searching
     * thief that finds more work wakes the next one, see Pool.take). A slot whose suspended worker
     * hands it over keeps its deque, so nothing is stranded. Helper slots have no deque: what a
     * helper's task spawns goes to the injection queue, so a helper leaves nothing behind, and
     * thieves and the termination drain only look at the core slots' deques.
     */
    private static final AtomicInteger IDS = new AtomicInteger();

    private final MpmcUnboundedXaddArrayQueue<Runnable> injection = new MpmcUnboundedXaddArrayQueue<>(256);

    private WsPool(String name, int threads, CoreBudget budget, PoolHooks hooks) {
        super(name, threads, budget, true, hooks);
    }

    /**
     * A builder with the defaults: the shared budget, one worker per core.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A pool with the defaults.
     *
     * @return a started pool
     */
    public static WsPool create() {
        return builder().build();
    }

    /** Builds {@link WsPool}s. */
    public static final class Builder extends PoolBuilder<Builder, WsPool> {
        Builder() {}

        @Override
        public WsPool build() {
            CoreBudget b = budgetOrShared();
            return new WsPool(nameOr("ws-pool", IDS), threadsOr(b), b, hooks()).start();
        }
    }

    @Override
    Runnable poll(Slot s, Worker w) {
        Runnable t;
        if (s.deque != null && (t = s.deque.pop()) != null) {
            return t;
        }
        t = injection.poll();
        if (t != null) {
            return t;
        }
        Slot[] all = core;
        int n = all.length;
        if (n > 1) {
            int start = w.nextIndex(n);
            for (int i = 0; i < n; i++) {
                Slot victim = all[(start + i) % n];
                if (victim != s && (t = victim.deque.steal()) != null) {
                    return t;
                }
            }
        }
        return null;
    }

    @Override
    boolean pushLocal(Slot s, Runnable task) {
        if (s.deque == null) { // a helper slot
            injection.offer(task);
            return true;
        }
        return s.deque.push(task);
    }

    @Override
    void pushExternal(Runnable task) {
        injection.offer(task);
    }

    @Override
    boolean hasQueuedWork() {
        if (!injection.isEmpty()) {
            return true;
        }
        for (Slot s : core) {
            if (!s.deque.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    int queuedCount() {
        int n = injection.size();
        for (Slot s : core) {
            n += s.deque.size();
        }
        return n;
    }

    @Override
    void drainQueued(List<Runnable> out) {
        for (Runnable t; (t = injection.poll()) != null; ) {
            out.add(t);
        }
        for (Slot s : core) {
            for (Runnable t; (t = s.deque.steal()) != null; ) {
                out.add(t);
            }
        }
    }
}
