/** Fork-join primitives for tasks running on Tidepool runners. */
module dev.tidepool.forkjoin {
    requires transitive dev.tidepool.runners;

    exports dev.tidepool.forkjoin;
}
