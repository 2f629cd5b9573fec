/** A program using Tidepool from its published artifacts. */
module dev.tidepool.consumer {
    requires dev.tidepool.forkjoin;
    requires dev.tidepool.tracing;
    requires dev.tidepool.process;
    requires dev.tidepool.cluster;

    // The worker process makes the job (Square) by reflection.
    exports dev.tidepool.consumer to dev.tidepool.process;
}
