/** Hierarchical cancellation switches. */
module dev.tidepool.switches {
    exports dev.tidepool.switches;
    exports dev.tidepool.switches.internal to dev.tidepool.futures, dev.tidepool.runners;
}
