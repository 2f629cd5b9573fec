/** A program using Tidepool from its published artifacts. */
module dev.tidepool.consumer {
    requires dev.tidepool.forkjoin;
    requires dev.tidepool.tracing;
}
