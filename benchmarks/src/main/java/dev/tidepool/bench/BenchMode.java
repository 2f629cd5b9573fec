package dev.tidepool.bench;

/** A strategy of a workload: its enum constant names the mode on the command line. */
interface BenchMode {
    /** Whether this mode is a JDK peer that Tidepool's modes are measured against. */
    boolean peer();
}
