package dev.tidepool.futures;

import java.lang.System.Logger.Level;
import java.util.concurrent.locks.LockSupport;

/**
 * Nodes of the Treiber stack of a pending future: threads parked in {@code await} and callbacks.
 * Once the future settles, the completing thread owns the whole stack and fires each node once.
 */
abstract sealed class Waiters {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.futures");

    /** Next older node; written once before the node is published by a CAS. */
    Waiters next;

    abstract void fire(Fut<?> settled);

    /** A thread parked in {@code await}; {@code thread} is cleared once it stops waiting. */
    static final class Parked extends Waiters {
        volatile Thread thread;

        Parked(Thread thread) {
            this.thread = thread;
        }

        @Override
        void fire(Fut<?> settled) {
            Thread t = thread;
            if (t != null) {
                thread = null;
                LockSupport.unpark(t);
            }
        }

        /** Unparks the waiter without settling anything (its switch turned off). */
        void wake() {
            Thread t = thread;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * A user callback; an exception it throws is logged and never stops the others, an error is
     * passed on to {@link Firing}, which runs the others before throwing it.
     */
    static final class Callback<T> extends Waiters {
        private final java.util.function.Consumer<Fut<T>> action;

        Callback(java.util.function.Consumer<Fut<T>> action) {
            this.action = action;
        }

        @Override
        @SuppressWarnings("unchecked")
        void fire(Fut<?> settled) {
            try {
                action.accept((Fut<T>) settled);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "future callback threw", e);
            }
        }
    }
}
