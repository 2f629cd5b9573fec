package dev.tidepool.runners.tck;

import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runner;

/** Tidepool's FIFO pool passes the kit too. */
class FifoPoolConformanceTest extends RunnerConformance {
    @Override
    protected Runner newRunner(String name) {
        return FifoPool.builder().name(name).threads(2).build();
    }
}
