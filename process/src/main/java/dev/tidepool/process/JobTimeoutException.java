package dev.tidepool.process;

import java.io.Serial;

/** The job ran past its time limit, counted from its start in a process; its process was killed. */
public final class JobTimeoutException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    JobTimeoutException(String message) {
        super(message);
    }
}
