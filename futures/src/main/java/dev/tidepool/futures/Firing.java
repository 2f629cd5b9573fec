package dev.tidepool.futures;

import java.util.Arrays;

/**
 * Runs the waiters of settled futures without recursion.
 *
 * <p>A callback often settles another future ({@code map}, {@code flatMap}, {@code all}, or a user's
 * {@code onComplete} completing a promise). Firing that future's waiters from inside the callback
 * would recurse, and a chain as long as the stack allows would overflow it, leaving the rest of the
 * chain pending for ever. Instead a firing loop keeps a stack of waiter lists: a future settled by a
 * callback pushes its list and the loop runs it next, before going on with the list it interrupted.
 * Order is depth first, as recursion would give, except that a callback finishes before the
 * callbacks of the futures it settled start (which {@code CompletableFuture} does too).
 *
 * <p>Three ways in, cheapest first:
 * <ul>
 * <li>{@link #push}: Tidepool's own combinators get the loop that runs them and settle into it.
 * <li>{@link #top}: a settle that is not inside a callback (a task's end) runs a loop of its own;
 *     a lone parked waiter is unparked without one.
 * <li>{@link #checked}: a settle through the public API ({@code Promise.complete}, {@code cancel},
 *     a switch turning off), which user code may call from inside a callback, looks up this
 *     thread's loop (one thread-local read) and joins it if one is running.
 * </ul>
 *
 * <p>A callback's exception is logged by {@link Waiters.Callback}; an {@link Error} does not stop
 * the other waiters either, and the first one is thrown by whoever owns the loop once every list
 * is done, later ones suppressed in it. A loop is touched by one thread only.
 */
final class Firing {
    private static final ThreadLocal<Firing> CHECKED = ThreadLocal.withInitial(Firing::new);

    /** The stack of lists still to run (innermost last); allocated at the first nested settle. */
    private Fut<?>[] futs;
    private Waiters[] lists;
    private int size;
    /** For the thread's checked loop: whether it is running right now. */
    private boolean active;
    private Error error;

    private Firing() {}

    /** Fires {@code list} (oldest first) for {@code fut} on a loop of its own. */
    static void top(Fut<?> fut, Waiters list) {
        if (list.next == null && list instanceof Waiters.Parked p) {
            p.fire(fut, null);
            return;
        }
        Firing f = new Firing();
        f.runFirst(fut, list);
        f.rethrow();
    }

    /**
     * Runs the first list without putting it on the stack (most loops need no stack): after each
     * node, whatever it settled runs to the end before the next node.
     */
    private void runFirst(Fut<?> fut, Waiters list) {
        for (Waiters w = list; w != null; ) {
            Waiters next = w.next;
            fireOne(w, fut);
            if (size > 0) {
                drain();
            }
            w = next;
        }
    }

    /** Fires {@code list} for {@code fut}, in the loop this thread runs already if there is one. */
    static void checked(Fut<?> fut, Waiters list) {
        Firing f = CHECKED.get();
        f.push(fut, list);
        if (f.active) {
            return;
        }
        f.active = true;
        try {
            f.drain();
        } finally {
            f.active = false;
        }
        f.rethrow();
    }

    /** Queues {@code list} (oldest first) of {@code fut}, just settled, to run next in this loop. */
    void push(Fut<?> fut, Waiters list) {
        if (lists == null) {
            futs = new Fut<?>[4];
            lists = new Waiters[4];
        } else if (size == lists.length) {
            futs = Arrays.copyOf(futs, size * 2);
            lists = Arrays.copyOf(lists, size * 2);
        }
        futs[size] = fut;
        lists[size] = list;
        size++;
    }

    private void drain() {
        while (size > 0) {
            int top = size - 1;
            Waiters w = lists[top];
            Fut<?> settled = futs[top];
            if (w.next == null) {
                futs[top] = null;
                lists[top] = null;
                size = top;
            } else {
                lists[top] = w.next;
            }
            fireOne(w, settled);
        }
    }

    private void fireOne(Waiters w, Fut<?> settled) {
        try {
            w.fire(settled, this);
        } catch (Error e) {
            if (error == null) {
                error = e;
            } else if (e != error) {
                error.addSuppressed(e);
            }
        }
    }

    private void rethrow() {
        Error e = error;
        if (e != null) {
            error = null;
            throw e;
        }
    }
}
