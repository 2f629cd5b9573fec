package dev.tidepool.examples;

import dev.tidepool.runners.Runner;
import dev.tidepool.runners.tck.RunnerConformance;

/** The example event loop passes Tidepool's conformance kit for runners written on the SPI. */
class EventLoopConformanceTest extends RunnerConformance {
    @Override
    protected Runner newRunner(String name) {
        return new EventLoop(name);
    }
}
