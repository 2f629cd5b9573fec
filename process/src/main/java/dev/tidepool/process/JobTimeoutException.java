package dev.tidepool.process;

import java.io.Serial;

/** The job ran past its time limit; its process was killed (or it never started). */
public final class JobTimeoutException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    JobTimeoutException(String message) {
        super(message);
    }
}
