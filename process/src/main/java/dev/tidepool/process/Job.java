package dev.tidepool.process;

/**
 * A job for a worker process: a public class with a public no-argument constructor, found by name
 * in the child JVM, whose input and output are values Jackson maps to and from JSON (records,
 * strings, numbers, lists, maps). The class and the JSON are the whole contract between the
 * caller and the child: no lambda and no Java serialization cross the process boundary.
 *
 * <p>{@link #run} runs in the child on a task of a Tidepool pool of its own, so it may use
 * fork-join, spawn and await inside its process.
 *
 * @param <I> type of the input
 * @param <O> type of the output
 */
@FunctionalInterface
public interface Job<I, O> {
    /**
     * Computes the output.
     *
     * @param input the input, as read from JSON
     * @param ctx the job's view of its parent (progress)
     * @return the output, written back as JSON
     * @throws Exception any failure: the future fails with a {@link JobFailedException} carrying it as text
     */
    O run(I input, JobContext ctx) throws Exception;
}
