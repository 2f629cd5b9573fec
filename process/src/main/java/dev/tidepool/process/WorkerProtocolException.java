package dev.tidepool.process;

import java.io.Serial;

/** The worker process wrote something that is not a frame of the protocol; the pool replaces it. */
public final class WorkerProtocolException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    WorkerProtocolException(String message) {
        super(message);
    }
}
