package dev.tidepool.runners.tck;

import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;

/** Tidepool's work-stealing pool passes the kit too. */
class WsPoolConformanceTest extends RunnerConformance {
    @Override
    protected Runner newRunner(String name) {
        return WsPool.builder().name(name).threads(2).build();
    }
}
