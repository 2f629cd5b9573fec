package dev.tidepool.futures;

/**
 * Runs the waiters of settled futures on the settling thread without recursion.
 *
 * <p>A callback that settles another future would otherwise fire that future's waiters from inside
 * itself, and a chain of {@code map}s as long as the stack allows would overflow it, leaving the
 * rest of the chain pending for ever. Instead, the first settle on a thread becomes the firing
 * loop: it keeps a stack of waiter lists; a settle made by a callback (a nested settle) pushes its
 * list and returns, and the loop runs that list before going on with the one it interrupted. Order
 * is depth first, as recursion would give, except that a callback finishes before the callbacks of
 * the futures it settled start (which is what {@code CompletableFuture} does too).
 *
 * <p>A callback's exception is logged by {@link Waiters.Callback}; an {@link Error} does not stop
 * the other waiters either, and the first one is thrown by the outermost settle once every list is
 * done, later ones suppressed in it. The state is per thread and touched by its thread only.
 */
final class Firing {
    private static final ThreadLocal<Firing> CURRENT = ThreadLocal.withInitial(Firing::new);

    private Fut<?>[] futs = new Fut<?>[8];
    private Waiters[] lists = new Waiters[8];
    private int size;
    private boolean active;

    private Firing() {}

    /** Fires {@code list} (oldest first) for {@code fut}, or queues it if this thread is firing already. */
    static void run(Fut<?> fut, Waiters list) {
        Firing f = CURRENT.get();
        f.push(fut, list);
        if (f.active) {
            return;
        }
        f.active = true;
        Error error = null;
        try {
            while (f.size > 0) {
                int top = f.size - 1;
                Waiters w = f.lists[top];
                Fut<?> settled = f.futs[top];
                if (w.next == null) {
                    f.futs[top] = null;
                    f.lists[top] = null;
                    f.size = top;
                } else {
                    f.lists[top] = w.next;
                }
                try {
                    w.fire(settled);
                } catch (Error e) {
                    if (error == null) {
                        error = e;
                    } else if (e != error) {
                        error.addSuppressed(e);
                    }
                }
            }
        } finally {
            f.active = false;
        }
        if (error != null) {
            throw error;
        }
    }

    private void push(Fut<?> fut, Waiters list) {
        if (size == lists.length) {
            futs = java.util.Arrays.copyOf(futs, size * 2);
            lists = java.util.Arrays.copyOf(lists, size * 2);
        }
        futs[size] = fut;
        lists[size] = list;
        size++;
    }
}
