package dev.tidepool.process;

import java.io.Serial;

/**
 * The worker process died while it ran the job ({@code System.exit}, {@code Runtime.halt}, a JVM
 * crash, {@code OutOfMemoryError}, a signal): its exit code and the last lines it wrote to stderr.
 * The pool replaces the process.
 */
public final class WorkerCrashedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The process's exit code. */
    private final int exitCode;
    /** The last lines the process wrote to stderr. */
    private final String stderrTail;

    WorkerCrashedException(String message, int exitCode, String stderrTail) {
        super(message);
        this.exitCode = exitCode;
        this.stderrTail = stderrTail;
    }

    /**
     * The process's exit code (128 + n after signal n on Unix).
     *
     * @return the exit code
     */
    public int exitCode() {
        return exitCode;
    }

    /**
     * The last lines the process wrote to stderr.
     *
     * @return the text, possibly empty
     */
    public String stderrTail() {
        return stderrTail;
    }
}
