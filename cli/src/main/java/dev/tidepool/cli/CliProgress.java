package dev.tidepool.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar of a long command, on standard error: steps done, elapsed time and an ETA, as
 * wide as the terminal (the progressbar library). It is drawn only when the JVM has a terminal:
 * redirected or piped output, CI logs and tests get nothing, so the bar never mixes with results.
 */
public final class CliProgress implements AutoCloseable {
    private final ProgressBar bar;
    private boolean closed;

    private CliProgress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * Starts a bar of {@code steps} steps named {@code task}, or a silent one without a terminal.
     *
     * @param task what the command does, shown before the bar
     * @param steps how many steps make the whole
     * @return the progress, to step and close
     */
    public static CliProgress start(String task, long steps) {
        if (System.console() == null) {
            return new CliProgress(null);
        }
        return new CliProgress(new ProgressBarBuilder().setTaskName(task).setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).build());
    }

    /**
     * A progress that draws nothing, for a command whose output is read by a program.
     *
     * @return a silent progress
     */
    public static CliProgress none() {
        return new CliProgress(null);
    }

    /**
     * Says what is being done now (shown after the bar).
     *
     * @param what the current step
     */
    public void working(String what) {
        if (bar != null) {
            bar.setExtraMessage(what);
        }
    }

    /** One step done. */
    public void step() {
        if (bar != null) {
            bar.step();
        }
    }

    /** Ends the bar, leaving the terminal on a new line; closing again does nothing. */
    @Override
    public void close() {
        if (bar != null && !closed) {
            closed = true;
            bar.close();
        }
    }
}
