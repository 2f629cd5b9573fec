package dev.tidepool.runners;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A growable Chase-Lev work-stealing deque of tasks.
 *
 * <p>Implementation overview. One owner thread pushes and pops at the bottom (LIFO); any thread
 * steals at the top (FIFO). {@code top} only grows, by CAS, so a task is taken by exactly one of
 * the owner's pop and the thieves' steals. The array is a power-of-two ring indexed by position
 * modulo its length; the owner replaces it with a copy twice as large when it is full (there is no
 * fixed capacity), and thieves that read the old array still read valid slots, because positions
 * in [top, bottom) hold the same task in both arrays.
 *
 * <p>Memory ordering follows Lê, Pop, Cohen and Zappa Nardelli, "Correct and efficient
 * work-stealing for weak memory models" (PPoPP 2013): the owner publishes a slot before the
 * release-store of {@code bottom}; pop and steal each place a full fence between their write or
 * read of one index and the read of the other, which decides the race for the last task. Only the owner
 * clears slots (on pop); a stolen task stays referenced until the ring wraps over its slot.
 */
final class WsDeque {
    private static final int INITIAL_CAPACITY = 32;
    private static final VarHandle TOP;
    private static final VarHandle BOTTOM;
    private static final VarHandle ARRAY;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Runnable[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TOP = l.findVarHandle(WsDeque.class, "top", long.class);
            BOTTOM = l.findVarHandle(WsDeque.class, "bottom", long.class);
            ARRAY = l.findVarHandle(WsDeque.class, "array", Runnable[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through TOP
    private volatile long top;
    @SuppressWarnings("unused") // accessed through BOTTOM
    private volatile long bottom;
    @SuppressWarnings("unused") // accessed through ARRAY
    private volatile Runnable[] array;

    WsDeque() {
        this(INITIAL_CAPACITY);
    }

    /** A deque whose first array holds {@code capacity} tasks (a power of two, at least 2). */
    WsDeque(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, at least 2: " + capacity);
        }
        array = new Runnable[capacity];
    }

    /**
     * Owner only: adds {@code task} at the bottom, growing the array when full. Returns whether the
     * deque looked empty before, the only case in which idle workers need waking: while it holds
     * older tasks, thieves already know there is work here.
     */
    boolean push(Runnable task) {
        long b = (long) BOTTOM.getOpaque(this);
        long t = (long) TOP.getAcquire(this);
        Runnable[] a = (Runnable[]) ARRAY.getOpaque(this);
        if (b - t > a.length - 1) {
            a = grow(a, t, b);
        }
        SLOT.setRelease(a, (int) b & (a.length - 1), task);
        BOTTOM.setRelease(this, b + 1);
        return b == t;
    }

    /** Owner only: removes the newest task, or returns null when empty. */
    Runnable pop() {
        long b = (long) BOTTOM.getOpaque(this) - 1;
        Runnable[] a = (Runnable[]) ARRAY.getOpaque(this);
        BOTTOM.setOpaque(this, b);
        VarHandle.fullFence();
        long t = (long) TOP.getOpaque(this);
        if (t > b) { // empty
            BOTTOM.setOpaque(this, b + 1);
            return null;
        }
        int i = (int) b & (a.length - 1);
        Runnable task = (Runnable) SLOT.getOpaque(a, i);
        if (t == b) { // last task: race the thieves for it
            boolean won = TOP.compareAndSet(this, t, t + 1);
            BOTTOM.setOpaque(this, b + 1);
            if (!won) {
                return null;
            }
        }
        SLOT.setOpaque(a, i, null);
        return task;
    }

    /** Any thread: removes the oldest task, or returns null when empty (a lost race for a slot is retried). */
    Runnable steal() {
        for (;;) {
            long t = (long) TOP.getAcquire(this);
            VarHandle.fullFence();
            long b = (long) BOTTOM.getAcquire(this);
            if (t >= b) {
                return null;
            }
            Runnable[] a = (Runnable[]) ARRAY.getAcquire(this);
            int i = (int) t & (a.length - 1);
            Runnable task = (Runnable) SLOT.getAcquire(a, i);
            if (task != null && TOP.compareAndSet(this, t, t + 1)) {
                // The slot is not cleared here: the owner may already be reusing it.
                return task;
            }
            // Lost the race for slot t (or saw it before the owner's write): look again.
            if ((long) TOP.getAcquire(this) == t && task == null) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Owner only: the {@code k}-th newest task (0 = the one {@link #pop} would return), or null if
     * there are not that many. A thief may take it at any moment; callers decide by claiming the
     * task itself, never by this read.
     */
    Runnable peek(int k) {
        long b = (long) BOTTOM.getOpaque(this) - 1 - k;
        long t = (long) TOP.getAcquire(this);
        if (b < t) {
            return null;
        }
        Runnable[] a = (Runnable[]) ARRAY.getOpaque(this);
        return (Runnable) SLOT.getAcquire(a, (int) b & (a.length - 1));
    }

    /** Any thread: whether the deque looked empty at some instant of the call. */
    boolean isEmpty() {
        long t = (long) TOP.getAcquire(this);
        long b = (long) BOTTOM.getAcquire(this);
        return t >= b;
    }

    /** Any thread: the number of tasks at some recent instant. */
    int size() {
        long n = (long) BOTTOM.getAcquire(this) - (long) TOP.getAcquire(this);
        return (int) Math.max(0L, Math.min(n, Integer.MAX_VALUE));
    }

    private Runnable[] grow(Runnable[] old, long t, long b) {
        Runnable[] a = new Runnable[old.length << 1];
        for (long i = t; i < b; i++) {
            a[(int) i & (a.length - 1)] = (Runnable) SLOT.getOpaque(old, (int) i & (old.length - 1));
        }
        ARRAY.setRelease(this, a);
        return a;
    }
}
