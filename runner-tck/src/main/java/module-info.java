/**
 * The conformance kit for runners written on Tidepool's runner SPI: {@link
 * dev.tidepool.runners.tck.RunnerConformance}, an abstract JUnit 5 test to extend.
 */
module dev.tidepool.runners.tck {
    requires transitive dev.tidepool.forkjoin;
    requires transitive org.junit.jupiter.api;
    requires dev.tidepool.tracing;
    requires io.opentelemetry.sdk;
    requires io.opentelemetry.sdk.common;
    requires io.opentelemetry.sdk.trace;

    exports dev.tidepool.runners.tck;
}
