package dev.tidepool.runners;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The slots of a pool, core, helper and floating: helpers stand in for core workers stuck in JDK
 * waits; floating slots give workers back from a suspension a deque for the rest of their task.
 *
 * <p>Implementation overview. A task that blocks inside the JDK (a j.u.c lock, sleep, a socket)
 * does not tell the pool. An idle carrier asks each pool to compensate: {@link #blocked} finds a
 * slot whose worker is in a task and in state WAITING/TIMED_WAITING/BLOCKED and has no helper
 * yet, and {@link #add} lists a helper slot for it, which the pool hands to a spare or new worker.
 * A helper drains queued work until the worker it stands for runs again, then retires
 * ({@link #remove}). A helper's task may block too and get a helper of its own: there is no limit,
 * since each helper is a virtual thread and a slot without a deque, and a limit would turn enough
 * blocked tasks into a silent hang of the task that would release them.
 *
 * <p>Memory ordering: {@code slots} is a copy-on-write array replaced under the lock and read
 * with one volatile read; {@code Slot.helper} is volatile. A thread that reads a stale array may
 * miss a helper just added (it compensates again later) or see one just removed (its owner field
 * then reads null or a worker no longer in a task).
 */
final class Helpers {
    private final Slot[] core;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Slot[] slots;
    private int nextIndex;

    Helpers(Slot[] core) {
        this.core = core;
        this.slots = core;
        this.nextIndex = core.length;
    }

    /** Core slots followed by helper slots. */
    Slot[] all() {
        return slots;
    }

    int count() {
        return slots.length - core.length;
    }

    /** A slot whose worker sits in a JDK wait inside a task and has no helper yet, or null. */
    Slot blocked() {
        for (Slot s : slots) {
            Worker w = s.owner;
            if (w != null && !s.floating && s.helper == null && w.inTask() && isBlocked(w.thread)) {
                return s;
            }
        }
        return null;
    }

    /** Lists a new helper slot for {@code blocked}, unless it has one already (then null). */
    Slot add(Slot blocked) {
        lock.lock();
        try {
            if (blocked.helper != null) {
                return null;
            }
            Slot h = new Slot(nextIndex++, false, blocked);
            blocked.helper = h;
            slots = CowArrays.with(slots, h);
            return h;
        } finally {
            lock.unlock();
        }
    }

    /** Lists a new floating slot, with a deque, for {@code w} (its task lost its slot). */
    Slot addFloating(Worker w) {
        lock.lock();
        try {
            Slot f = new Slot(nextIndex++, true, null, true);
            f.owner = w;
            slots = CowArrays.with(slots, f);
            return f;
        } finally {
            lock.unlock();
        }
    }

    /** Unlists helper or floating slot {@code h} (called by its own worker, its deque empty). */
    void remove(Slot h) {
        lock.lock();
        try {
            if (h.helperFor != null) {
                h.helperFor.helper = null;
            }
            slots = CowArrays.without(slots, h, core.length);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the worker helper slot {@code h} stands in for is still stuck in a JDK wait. */
    static boolean stillNeeded(Slot h) {
        Worker w = h.helperFor.owner;
        return w != null && w.inTask() && isBlocked(w.thread);
    }

    private static boolean isBlocked(Thread t) {
        Thread.State st = t.getState();
        return st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING || st == Thread.State.BLOCKED;
    }
}
