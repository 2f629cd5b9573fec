package dev.tidepool.runners.tck;

import dev.tidepool.runners.Runner;

/** A runner that wraps the PendingTasks Fut.spawn queues; run by {@link KitCatchesMistakesTest} only. */
class WrapsPendingTasks extends RunnerConformance {
    @Override
    protected Runner newRunner(String name) {
        return new SeatRunner(name, 1, true, true);
    }
}
