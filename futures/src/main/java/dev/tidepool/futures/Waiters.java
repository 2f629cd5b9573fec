package dev.tidepool.futures;

import java.lang.System.Logger.Level;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

/**
 * Nodes of the Treiber stack of a pending future: threads parked in {@code await} and callbacks.
 * Once the future settles, the completing thread owns the whole stack and fires each node once,
 * in a {@link Firing} loop.
 */
abstract sealed class Waiters {
    private static final System.Logger LOG = System.getLogger("dev.tidepool.futures");

    /** Next older node; written once before the node is published by a CAS. */
    Waiters next;

    /** Runs this waiter for {@code settled}; {@code loop} runs whatever it settles in turn. */
    abstract void fire(Fut<?> settled, Firing loop);

    /** A thread parked in {@code await}; {@code thread} is cleared once it stops waiting. */
    static final class Parked extends Waiters {
        volatile Thread thread;

        Parked(Thread thread) {
            this.thread = thread;
        }

        @Override
        void fire(Fut<?> settled, Firing loop) {
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
     * A callback, given the settled future and the loop that runs it. An exception it throws is
     * logged and never stops the others; an error goes to the loop, which runs the others first.
     */
    static final class Callback<T> extends Waiters {
        private final BiConsumer<Fut<T>, Firing> action;

        Callback(BiConsumer<Fut<T>, Firing> action) {
            this.action = action;
        }

        @Override
        @SuppressWarnings("unchecked")
        void fire(Fut<?> settled, Firing loop) {
            try {
                action.accept((Fut<T>) settled, loop);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "future callback threw", e);
            }
        }
    }
}
