package dev.tidepool.runners.tck;

import dev.tidepool.runners.Runner;

/** A runner that forgets TaskContext.clear() after each task; run by {@link KitCatchesMistakesTest} only. */
class ForgetsClear extends RunnerConformance {
    @Override
    protected Runner newRunner(String name) {
        return new SeatRunner(name, 1, false, false);
    }
}
