/**
 * Futures and promises, task-local values, channels, and the Lock/Immlock helpers; {@code spi} is
 * the suspension part of the runner SPI, {@code tracing} the seam of Tidepool's tracing.
 */
module dev.tidepool.futures {
    requires transitive dev.tidepool.switches;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;

    exports dev.tidepool.futures;
    exports dev.tidepool.futures.spi;
    exports dev.tidepool.futures.tracing to dev.tidepool.runners, dev.tidepool.forkjoin, dev.tidepool.process, dev.tidepool.tracing;
    exports dev.tidepool.sync;
    exports dev.tidepool.channels;

    uses dev.tidepool.futures.tracing.EnvironmentTracing;
}
