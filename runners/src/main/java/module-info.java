/** Runners: pools on a shared core budget, background threads, and the main runner. */
module dev.tidepool.runners {
    requires transitive dev.tidepool.futures;
    requires org.jctools.core;

    exports dev.tidepool.runners;
    exports dev.tidepool.runners.spi to dev.tidepool.forkjoin;
}
