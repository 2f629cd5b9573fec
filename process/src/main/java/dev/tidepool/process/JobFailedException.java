package dev.tidepool.process;

import java.io.Serial;

/** A job threw in its worker process: the exception's class, message and stack, as text. */
public final class JobFailedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The name of the class of what the job threw. */
    private final String exceptionClass;
    /** The job's stack trace as printed in the child. */
    private final String childStack;

    JobFailedException(String message, String exceptionClass, String childStack) {
        super(message);
        this.exceptionClass = exceptionClass;
        this.childStack = childStack;
    }

    /**
     * The name of the class of what the job threw.
     *
     * @return e.g. {@code java.lang.IllegalStateException}
     */
    public String exceptionClass() {
        return exceptionClass;
    }

    /**
     * The job's stack trace as printed in the child.
     *
     * @return the text, empty if none was sent
     */
    public String childStack() {
        return childStack;
    }
}
