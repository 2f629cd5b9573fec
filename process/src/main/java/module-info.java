/** Jobs in disposable child JVMs behind Tidepool futures. */
module dev.tidepool.process {
    requires transitive dev.tidepool.runners;
    requires com.fasterxml.jackson.databind;
    // Optional: a worker process of a traced parent sends its spans through the SDK when it is there.
    requires static io.opentelemetry.sdk;
    requires static io.opentelemetry.sdk.common;
    requires static io.opentelemetry.sdk.trace;

    exports dev.tidepool.process;
}
