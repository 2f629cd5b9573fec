/** Futures and promises, channels, and the Lock/Immlock helpers; {@code spi} is for runner implementations. */
module dev.tidepool.futures {
    requires transitive dev.tidepool.switches;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;

    exports dev.tidepool.futures;
    exports dev.tidepool.futures.spi to dev.tidepool.runners, dev.tidepool.forkjoin, dev.tidepool.tracing;
    exports dev.tidepool.sync;
    exports dev.tidepool.channels;

    uses dev.tidepool.futures.spi.EnvironmentTracing;
}
