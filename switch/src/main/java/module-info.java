/** Hierarchical cancellation switches. */
module dev.tidepool.switches {
    exports dev.tidepool.switches;
}
