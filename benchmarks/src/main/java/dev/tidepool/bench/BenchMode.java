package dev.tidepool.bench;

/** A strategy of a workload: its enum constant names the mode on the command line. */
interface BenchMode {
    /** Whether this mode is a peer (the JDK's, or another library's) that Tidepool's modes are measured against. */
    boolean peer();

    /** Whose peer it is, for the table: "JDK" by default, "" for Tidepool's own modes. */
    default String origin() {
        return peer() ? "JDK" : "";
    }
}
