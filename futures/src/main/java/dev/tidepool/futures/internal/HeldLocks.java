package dev.tidepool.futures.internal;

/**
 * The {@code dev.tidepool.sync} locks the current thread holds, so that {@code Fut.await} can refuse
 * to suspend while holding one: whoever would complete the awaited future may need that lock, and
 * the wait would never end. Set {@code -Dtidepool.lockCheck=false} to turn the check off. Not
 * exported: shared by the packages of this module only.
 */
public final class HeldLocks {
    /** Whether holding locks is tracked at all (read once). */
    public static final boolean CHECK = !"false".equals(System.getProperty("tidepool.lockCheck"));

    private static final ThreadLocal<HeldLocks> CURRENT = ThreadLocal.withInitial(HeldLocks::new);

    private Object[] held = new Object[4];
    private int size;

    private HeldLocks() {}

    /** The calling thread's record. */
    public static HeldLocks current() {
        return CURRENT.get();
    }

    /** Records that the calling thread (the owner of this record) took {@code lock}. */
    public void push(Object lock) {
        if (size == held.length) {
            held = java.util.Arrays.copyOf(held, size * 2);
        }
        held[size++] = lock;
    }

    /** Records that the owner released {@code lock} (the innermost hold of it). */
    public void pop(Object lock) {
        for (int i = size - 1; i >= 0; i--) {
            if (held[i] == lock) {
                System.arraycopy(held, i + 1, held, i, size - i - 1);
                held[--size] = null;
                return;
            }
        }
    }

    /**
     * Throws if the calling thread holds a lock.
     *
     * @throws IllegalStateException naming the innermost lock held
     */
    public static void checkNoneHeld(String action) {
        if (!CHECK) {
            return;
        }
        HeldLocks h = CURRENT.get();
        if (h.size > 0) {
            throw new IllegalStateException("cannot " + action + " while holding " + h.held[h.size - 1]
                    + ": whoever completes what is awaited may need that lock, and the wait would never end;"
                    + " release it first (or run with -Dtidepool.lockCheck=false)");
        }
    }
}
