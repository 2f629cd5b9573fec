package dev.tidepool.runners;

/** What a core budget asks of a pool that runs on it; the budget knows its pools only through this. */
interface BudgetMember {
    /** The pool's name, for errors and gauges. */
    String name();

    /** Whether tasks are queued in the pool. */
    boolean hasQueuedWork();

    /** Starts a helper worker if one of the pool's workers sits in a JDK wait while work is queued. */
    boolean compensate();

    /** A worker fiber of the pool was queued for a core while no carrier was idle. */
    void coresWanted();
}
