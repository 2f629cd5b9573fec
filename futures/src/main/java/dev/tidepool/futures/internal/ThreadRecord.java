package dev.tidepool.futures.internal;

import java.util.Arrays;

/**
 * What Tidepool keeps per thread, behind one thread-local lookup: the runner's hook of a worker
 * thread ({@code Suspension.Hook}, kept as an Object so that this class needs nothing of the spi
 * package), and the {@code dev.tidepool.sync} locks the thread holds, so that
 * {@code Fut.await} and fork-join can refuse to wait for other work while a lock is held (whoever
 * would finish that work may need the lock, and the wait would never end). Set
 * {@code -Dtidepool.lockCheck=false} to turn the lock check off. Not exported: shared by the
 * packages of this module only.
 *
 * <p>Each record is read and written by its own thread only, so its fields are plain.
 */
public final class ThreadRecord {
    /** Whether holding locks is tracked at all (read once). */
    public static final boolean CHECK = !"false".equals(System.getProperty("tidepool.lockCheck"));

    private static final ThreadLocal<ThreadRecord> CURRENT = ThreadLocal.withInitial(ThreadRecord::new);

    /** The {@code Suspension.Hook} of the runner whose worker this thread is, or null. */
    public Object hook;
    /** The task-local values of the task the thread runs ({@code dev.tidepool.futures.TaskContext}), or null for none. */
    public Object taskContext;
    private Object[] held = new Object[4];
    private int size;

    private ThreadRecord() {}

    /** The calling thread's record. */
    public static ThreadRecord current() {
        return CURRENT.get();
    }

    /** Records that the calling thread (the owner of this record) took {@code lock}. */
    public void push(Object lock) {
        if (size == held.length) {
            held = Arrays.copyOf(held, size * 2);
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
     * Throws if the owner of this record holds a lock (and the check is on).
     *
     * @param action what the thread was about to do, for the message
     * @throws IllegalStateException naming the innermost lock held
     */
    public void checkNoneHeld(String action) {
        if (CHECK && size > 0) {
            throw new IllegalStateException("cannot " + action + " while holding " + held[size - 1]
                    + ": whoever does the work waited for may need that lock, and the wait would never end;"
                    + " release it first (or run with -Dtidepool.lockCheck=false)");
        }
    }
}
