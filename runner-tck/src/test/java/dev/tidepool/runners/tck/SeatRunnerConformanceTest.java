package dev.tidepool.runners.tck;

import dev.tidepool.runners.Runner;

/** The kit's own small runner, made right: it passes every check. */
class SeatRunnerConformanceTest extends RunnerConformance {
    @Override
    protected Runner newRunner(String name) {
        return new SeatRunner(name, 2, true, false);
    }
}
