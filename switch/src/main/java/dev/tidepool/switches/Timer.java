package dev.tidepool.switches;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The one daemon thread that turns switches off after a delay; cancelled timers are removed. */
final class Timer {
    static final ScheduledThreadPoolExecutor EXECUTOR = create();

    private Timer() {}

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("tidepool-switch-timer").factory());
        e.setRemoveOnCancelPolicy(true);
        return e;
    }
}
