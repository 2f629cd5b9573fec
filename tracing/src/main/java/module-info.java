/** Tidepool's tracing exported to Perfetto (Chrome Trace Event Format) and OpenTelemetry exporters. */
module dev.tidepool.tracing {
    requires transitive dev.tidepool.futures;
    requires io.opentelemetry.sdk;
    requires io.opentelemetry.sdk.common;
    requires io.opentelemetry.sdk.trace;
    requires io.opentelemetry.sdk.metrics;
    requires io.opentelemetry.sdk.autoconfigure;
    requires io.opentelemetry.exporter.logging.otlp;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires java.logging;
    requires org.jctools.core;
    // JCTools needs sun.misc.Unsafe but only 'requires static' it: without this line the JVM does
    // not resolve jdk.unsupported on the module path and JCTools fails with NoClassDefFoundError.
    requires jdk.unsupported;

    exports dev.tidepool.tracing;

    provides dev.tidepool.futures.tracing.EnvironmentTracing with dev.tidepool.tracing.internal.EnvTracing;
}
