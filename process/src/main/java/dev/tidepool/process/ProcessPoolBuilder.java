package dev.tidepool.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** Settings of a {@link ProcessPool}. */
public final class ProcessPoolBuilder {
    String name = "processes";
    int processes = Math.max(1, Runtime.getRuntime().availableProcessors());
    final List<String> jvmOptions = new ArrayList<>();
    int tasksPerProcess = ProcessPool.UNLIMITED;
    Duration startTimeout = Duration.ofSeconds(60);
    Duration stopGrace = Duration.ofMillis(200);
    Consumer<JobProgress> onProgress;
    Path logDirectory;
    boolean classDataSharing;
    String classPath;

    ProcessPoolBuilder() {}

    /**
     * The pool's name, in thread names, log files and errors.
     *
     * @param name the name
     * @return this builder
     */
    public ProcessPoolBuilder name(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * How many children run jobs at once (default: the number of cores).
     *
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public ProcessPoolBuilder processes(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("processes must be at least 1: " + n);
        }
        this.processes = n;
        return this;
    }

    /**
     * JVM options for the children, e.g. {@code -Xmx512m}.
     *
     * @param options the options
     * @return this builder
     */
    public ProcessPoolBuilder jvmOptions(String... options) {
        for (String o : options) {
            jvmOptions.add(Objects.requireNonNull(o, "option"));
        }
        return this;
    }

    /**
     * How many jobs a child runs before it is replaced (default {@link ProcessPool#UNLIMITED}); 1 gives
     * every job a fresh JVM.
     *
     * @param n at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public ProcessPoolBuilder tasksPerProcess(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("tasksPerProcess must be at least 1: " + n);
        }
        this.tasksPerProcess = n;
        return this;
    }

    /**
     * How long a child may take to start (default 60 s); one that takes longer is killed, and
     * the jobs waiting for it fail with {@link WorkerCrashedException}.
     *
     * @param timeout positive
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public ProcessPoolBuilder startTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive: " + timeout);
        }
        this.startTimeout = timeout;
        return this;
    }

    /**
     * How long a job that is stopped (its time limit passed, or its switch turned off) may take to
     * end by itself before its process is killed (default 200 ms). Its future fails at once; the
     * process is told (a "cancel" frame: the job's {@link JobContext#isCancelled()} and its
     * {@code Switch.current()} turn off), and a job that returns within the grace leaves its
     * process to run the next jobs. Zero kills the process at once.
     *
     * @param grace zero or positive
     * @return this builder
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public ProcessPoolBuilder stopGrace(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("stopGrace must not be negative: " + grace);
        }
        this.stopGrace = grace;
        return this;
    }

    /**
     * Receives the jobs' progress frames, on the thread that reads the child.
     *
     * @param callback the callback
     * @return this builder
     */
    public ProcessPoolBuilder onProgress(Consumer<JobProgress> callback) {
        this.onProgress = Objects.requireNonNull(callback, "callback");
        return this;
    }

    /**
     * The class path the children start with (default: the parent's; see {@link ProcessPool}).
     * Give it when the parent's class loader cannot tell it, for example in an application server;
     * it must hold Tidepool's jars and the job classes. When Tidepool runs as named modules this
     * is the children's module path.
     *
     * @param path entries separated by {@link java.io.File#pathSeparator}
     * @return this builder
     */
    public ProcessPoolBuilder classPath(String path) {
        this.classPath = Objects.requireNonNull(path, "path");
        return this;
    }

    /**
     * Where the children's stderr logs go (default: a new temporary directory, deleted when the
     * pool has shut down; name one to keep the logs).
     *
     * @param dir the directory, created if missing
     * @return this builder
     */
    public ProcessPoolBuilder logDirectory(Path dir) {
        this.logDirectory = Objects.requireNonNull(dir, "dir");
        return this;
    }

    /**
     * Whether the children share an archive of the classes they load (the JDK's dynamic CDS,
     * {@code -XX:+AutoCreateSharedArchive}): the first child to exit writes it into the log
     * directory, and the children started after it load their classes from it, which shortens
     * their start-up (see docs/guide/worker-processes.md for the numbers). The JDK archives only a class path of jars:
     * with directories on it (an IDE, a build's test run) each child logs why to its stderr log and
     * runs without. Default: off.
     *
     * @param on whether to use the archive
     * @return this builder
     */
    public ProcessPoolBuilder classDataSharing(boolean on) {
        this.classDataSharing = on;
        return this;
    }

    /**
     * Builds the pool; children start when jobs come.
     *
     * @return the pool
     * @throws UncheckedIOException if the log directory cannot be created
     * @throws IllegalStateException if no {@link #classPath} was given and the parent's cannot be
     *     told (Tidepool loaded by a class loader that is not a {@link java.net.URLClassLoader})
     */
    public ProcessPool build() {
        try {
            return new ProcessPool(this);
        } catch (IOException e) {
            throw new UncheckedIOException("process pool '" + name + "': cannot create its log directory: "
                    + e.getMessage(), e);
        }
    }
}
