package dev.tidepool.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The parent's side of one worker process: the process, its stdin, its stderr log, and (under
 * the pool's lock) whether it is ready, the job it runs and how many it ran. A platform thread of
 * the pool reads its stdout (see {@link ProcessPool}).
 */
final class Worker {
    private static final int TAIL_LINES = 20;

    final int index;
    final Process process;
    final Path log;
    private final OutputStream stdin;
    /** Under the pool's lock: whether its "ready" frame came. */
    boolean ready;
    /** Under the pool's lock: the job it runs, or null. */
    PendingJob current;
    /** Under the pool's lock: jobs it has run. */
    int jobsRun;
    /** Under the pool's lock: whether it is being stopped (no more jobs). */
    boolean retiring;
    /** Whether its end was handled (by its reader at the end of its stdout, or by its exit watcher). */
    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

    Worker(int index, Process process, Path log) {
        this.index = index;
        this.process = process;
        this.log = log;
        this.stdin = process.getOutputStream();
    }

    long pid() {
        return process.pid();
    }

    /** Writes one frame line; false if the process is gone. One writer at a time (the pool's dispatch). */
    boolean send(String frame) {
        try {
            synchronized (stdin) {
                stdin.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Kills the process and every process it started (a job's subprocesses would otherwise live
     * on, and one that inherited the worker's stdout would keep the frame pipe open). The
     * descendants go first: once the worker is dead they are no longer its descendants.
     */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** True for the first caller only: who handles the end of this worker. */
    boolean claimEnd() {
        return ended.compareAndSet(false, true);
    }

    /** Whether the end of this worker was handled already. */
    boolean isEnded() {
        return ended.get();
    }

    /** Closes stdin: the worker exits once it reads the end. */
    void closeInput() {
        try {
            stdin.close();
        } catch (IOException e) {
            // gone already
        }
    }

    /** The last lines of the worker's stderr. */
    String stderrTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return "worker " + index + " (pid " + pid() + ")";
    }
}
