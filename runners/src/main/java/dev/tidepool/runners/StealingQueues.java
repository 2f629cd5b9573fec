package dev.tidepool.runners;

import java.util.ArrayList;
import java.util.List;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * The queues of a {@link WsPool}: a task spawned by a worker that holds a core slot goes to that
 * slot's Chase-Lev deque ({@link WsDeque}); anything else goes to a JCTools MPMC injection queue.
 * A worker pops its own deque (LIFO), then polls the injection queue, then tries every other
 * slot's deque once starting from a random one (FIFO steal). A local push asks for a wake-up only
 * when the deque was empty before (a searching thief that finds more work wakes the next one). A
 * slot whose suspended worker hands it over keeps its deque, so nothing is stranded. Helper slots
 * have no deque: what a helper's task spawns goes to the injection queue, so a helper leaves
 * nothing behind. Floating slots have a deque that thieves and the termination drain see like a
 * core slot's; its worker moves what is left in it to the injection queue before unlisting it.
 * A worker that sets its job aside when its time slice is over ({@link Crew#sliceOver}) moves its
 * core slot's deque to a floating slot of its own, so that the slot's next worker starts with an
 * empty deque and takes the waiting task from the injection queue.
 */
final class StealingQueues implements TaskQueues {
    private final MpmcUnboundedXaddArrayQueue<Runnable> injection = TaskQueue.create();
    private Helpers slots;

    /** Set once, before any worker starts. */
    void useSlots(Helpers slots) {
        this.slots = slots;
    }

    @Override
    public Runnable poll(Slot s, Worker w) {
        Runnable t;
        if (s.deque != null && (t = s.deque.pop()) != null) {
            return t;
        }
        t = injection.poll();
        if (t != null) {
            return t;
        }
        Slot[] all = slots.all();
        int n = all.length;
        if (n > 1) {
            int start = w.nextIndex(n);
            for (int i = 0; i < n; i++) {
                Slot victim = all[(start + i) % n];
                if (victim != s && victim.deque != null && (t = victim.deque.steal()) != null) {
                    return t;
                }
            }
        }
        return null;
    }

    /**
     * Like {@link #poll}, but the injection queue first: a worker whose time slice is over while a
     * task from outside waits takes that task before more of its own (see {@link Crew#next}).
     */
    Runnable pollOutsideFirst(Slot s, Worker w) {
        Runnable t = injection.poll();
        return t != null ? t : poll(s, w);
    }

    /** Whether no task from outside waits to start. */
    boolean injectionEmpty() {
        return injection.isEmpty();
    }

    /**
     * Moves the tasks of {@code from}'s deque to {@code to}'s, in the same order (the owner of
     * both only: a worker setting its job aside). Thieves may steal from either meanwhile; a task
     * popped but not yet pushed is on the owner's stack, which still counts as busy in its pool.
     */
    void moveDeque(Slot from, Slot to) {
        ArrayList<Runnable> moved = new ArrayList<>();
        for (Runnable t; (t = from.deque.pop()) != null; ) {
            moved.add(t); // newest first
        }
        for (int i = moved.size() - 1; i >= 0; i--) {
            to.deque.push(moved.get(i));
        }
    }

    @Override
    public boolean pushLocal(Slot s, Runnable task) {
        if (s.deque == null) { // a helper slot
            injection.offer(task);
            return true;
        }
        return s.deque.push(task);
    }

    /** Moves what is left in the deque of a slot going away to the injection queue (owner only). */
    void evacuate(Slot s) {
        for (Runnable t; (t = s.deque.pop()) != null; ) {
            injection.offer(t);
        }
    }

    @Override
    public void pushExternal(Runnable task) {
        injection.offer(task);
    }

    @Override
    public boolean hasQueuedWork() {
        if (!injection.isEmpty()) {
            return true;
        }
        for (Slot s : slots.all()) {
            if (s.deque != null && !s.deque.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int queuedCount() {
        int n = injection.size();
        for (Slot s : slots.all()) {
            n += s.deque == null ? 0 : s.deque.size();
        }
        return n;
    }

    @Override
    public void drainQueued(List<Runnable> out) {
        for (Runnable t; (t = injection.poll()) != null; ) {
            out.add(t);
        }
        for (Slot s : slots.all()) {
            for (Runnable t; s.deque != null && (t = s.deque.steal()) != null; ) {
                out.add(t);
            }
        }
    }
}
