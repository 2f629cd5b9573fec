package dev.tidepool.runners;

import java.util.concurrent.CountDownLatch;

/** Waits that an interrupt does not cut short; the interrupt is kept for the caller. */
final class Uninterruptibly {
    private Uninterruptibly() {}

    /** A wait that may throw {@link InterruptedException}. */
    @FunctionalInterface
    interface Wait {
        void run() throws InterruptedException;
    }

    /** Repeats {@code wait} until it returns normally, then restores any interrupt it absorbed. */
    static void waitFor(Wait wait) {
        boolean interrupted = false;
        for (;;) {
            try {
                wait.run();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static void join(Thread t) {
        waitFor(t::join);
    }

    static void await(CountDownLatch latch) {
        waitFor(latch::await);
    }
}
