package dev.tidepool.process;

/**
 * A progress frame of a running job, as the parent's callback receives it.
 *
 * @param job the job class's name
 * @param id the job's number in its pool
 * @param pid the process running it
 * @param message the text reported, or null for a fraction
 * @param fraction the fraction reported (0 to 1), or NaN for a text
 */
public record JobProgress(String job, long id, long pid, String message, double fraction) {}
