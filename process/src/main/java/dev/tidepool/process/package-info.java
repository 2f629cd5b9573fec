/**
 * Worker processes: {@link dev.tidepool.process.ProcessPool} runs {@link dev.tidepool.process.Job}s
 * in child JVMs that it starts, keeps warm and replaces, and settles a Tidepool future per job. A job
 * that crashes its JVM, runs past its time limit or is cancelled by a switch takes its process down,
 * never the caller or the other jobs.
 */
package dev.tidepool.process;
