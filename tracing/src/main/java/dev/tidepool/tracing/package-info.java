/**
 * Tracing Tidepool's tasks, locks and pools: {@link dev.tidepool.tracing.Tracing} sends them to a
 * Perfetto (Chrome JSON) file, an OTLP JSON file or an OpenTelemetry SDK, and
 * {@link dev.tidepool.tracing.TraceCheck} checks a Perfetto file against the viewer's import rules.
 */
package dev.tidepool.tracing;
