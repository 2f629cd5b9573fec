package dev.tidepool.consumer;

import dev.tidepool.process.Job;
import dev.tidepool.process.JobContext;

/** A job for a worker process: squares its input, and says which module ran it. */
public final class Square implements Job<Integer, String> {
    /** Used by the worker process, which makes one per job. */
    public Square() {}

    @Override
    public String run(Integer x, JobContext ctx) {
        return getClass().getModule().getName() + ": " + x * x;
    }
}
