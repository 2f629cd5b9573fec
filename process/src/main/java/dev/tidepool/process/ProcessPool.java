package dev.tidepool.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.futures.tracing.TaskTracing;
import dev.tidepool.process.worker.Frames;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Runs {@link Job}s in child JVMs and settles a {@link Fut} per job.
 *
 * <pre>{@code
 * try (ProcessPool provers = ProcessPool.builder().name("provers").processes(4).build()) {
 *     Fut<Answer> a = provers.submit(Solve.class, new Problem(...), Duration.ofSeconds(10));
 *     Answer answer = a.await();
 * }
 * }</pre>
 *
 * <p>Children are started from the parent's own {@code java} and class path (with the JDK options
 * Tidepool needs, {@code -XX:+ExitOnOutOfMemoryError}, the JVM's own messages and log warnings
 * sent to stderr, and the builder's {@code jvmOptions}) when jobs wait and fewer than
 * {@code processes} run, and are kept for the next jobs ({@code tasksPerProcess} of them, then
 * replaced). Each runs one job at a time. The parent's class path is {@code java.class.path}, or,
 * when Tidepool was loaded by a {@link java.net.URLClassLoader} of its own (as under
 * {@code mvn exec:java}), that loader's URLs; {@link ProcessPoolBuilder#classPath} names it
 * otherwise. A child that exits before it is ready (killed, or out of memory at start) is replaced;
 * only when {@value #START_ATTEMPTS} children in a row do so while none runs (a broken set-up: a
 * bad JVM option, a class path without Tidepool) do the queued jobs fail, with the last one's
 * stderr. The future of a job fails with:
 * <ul>
 * <li>{@link JobFailedException} when the job threw (its class, message and stack, as text);
 * <li>{@link WorkerCrashedException} when its process died ({@code System.exit}, {@code halt},
 *     a crash, out of memory, a signal), with the exit code and the tail of its stderr; the
 *     process is replaced and no other job is affected;
 * <li>{@link JobTimeoutException} when it ran past its limit (counted from its start in a
 *     process), and {@link SwitchOffException} when its switch turned off: its process is killed
 *     ({@code destroyForcibly}, so a job stuck in a loop or native code dies too), or, turned off
 *     while the job is queued, it never starts;
 * <li>{@link WorkerProtocolException} when its process wrote something that is not a frame;
 * <li>{@link IllegalArgumentException} naming the job when its class cannot be a job (not public,
 *     no public no-argument constructor) or its input cannot be written as JSON,
 *     {@link IllegalStateException} when its output cannot be read as its type, and
 *     {@link CancellationException} after {@link #shutdownNow}.
 * </ul>
 * A job submitted under a switch that is off already fails at once and never reaches a process.
 * Time limits and the builder's durations may be of any length ({@code Duration.ofSeconds(Long.MAX_VALUE)}
 * is no limit at all).
 *
 * <p>Children and what they start: a child exits when its stdin ends, so none outlives its
 * parent, even one killed with {@code kill -9}. The processes a job starts are killed with its
 * child: when the pool kills the child (a time limit, a switch, {@code shutdownNow}) and when the
 * child exits through the JVM's shutdown ({@code System.exit}, the end of its stdin). A process a
 * job starts must not inherit the child's stdout, which carries the frames ({@code inheritIO()}
 * does; use {@code redirectOutput} to a file, or {@code Redirect.DISCARD}): while it holds the pipe
 * open after the child died (a halt, a crash), the pool ends the child 2 s after its exit, and its
 * job fails with a {@link WorkerCrashedException} that says so. A child's stderr goes to a log
 * file per process ({@code logDirectory}); a temporary one, the default, is deleted once the pool
 * has shut down (a crash's exception carries the end of the log).
 *
 * <p>Inputs and outputs: written and read as JSON by Jackson, strings of any length (Jackson's
 * default limit of 20 million characters is lifted), unpaired surrogates kept as they are, nested
 * at most 1,000 levels deep; an input Jackson cannot write, a deeper one, or one with a cycle
 * fails the future with {@link IllegalArgumentException} naming the job, before it is queued.
 *
 * <p>Happens-before: the caller's actions before {@code submit} happen before the job's JSON input
 * is written; the child's output is read before the future settles, and settling happens before
 * whatever an awaiter does after {@code await} returns.
 *
 * <p>Implementation overview. One lock guards the queue of jobs, the list of workers and their
 * state ({@link Worker}'s fields marked so, {@link PendingJob#worker} and
 * {@link PendingJob#stopped}). Frames are written to a child's stdin outside the lock, and each
 * child's stdout is read by a platform daemon thread of its own, which handles its frames and,
 * at the end of the stream, its death. A timeout or a switch marks the job (under the lock),
 * fails its future, and sends the process a "cancel" frame; a timer kills the process after the
 * stop grace if the job is still its current one then. A result or failure frame of a marked job
 * (it ended within its grace) frees the process and settles nothing. Futures are settled outside
 * the lock. A timer thread runs the time limits and the start-up limits.
 *
 * <p>Tracing: while Tidepool tracing is on, each worker process has a process track of its own
 * ({@code "<pool> worker <n> (pid <pid>)"}) in this process's trace: its "jobs" lane has a slice per
 * job, named after its class, from the moment it was sent to its outcome, with a flow from the
 * thread that submitted it; and the spans the process sends back (its own tracing, on while its
 * "run" frames ask for it) are drawn on its threads' lanes.
 */
public final class ProcessPool implements AutoCloseable {
    /** For {@link ProcessPoolBuilder#tasksPerProcess}: a process runs jobs until the pool stops. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    /** Children in a row that may exit before they are ready, while none runs, before the queued jobs fail. */
    static final int START_ATTEMPTS = 3;
    /** How long the reader of a worker that exited may take to read its last frames. */
    private static final long EXIT_DRAIN_MS = 2_000;
    private static final int RUNNING = 0;
    private static final int SHUTDOWN = 1;
    private static final int STOPPED = 2;

    private final String name;
    private final int processes;
    private final List<String> jvmOptions;
    private final int tasksPerProcess;
    private final Duration startTimeout;
    private final Duration stopGrace;
    private final Consumer<JobProgress> onProgress;
    private final Path logDirectory;
    /** Whether the pool made {@link #logDirectory} (a temporary one), and so deletes it at the end. */
    private final boolean ownsLogDirectory;
    /** The children's class path (or module path, when Tidepool runs as named modules). */
    private final String classPath;
    private final boolean classDataSharing;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition allGone = lock.newCondition();
    private final ArrayDeque<PendingJob> queue = new ArrayDeque<>();
    private final List<Worker> workers = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private long nextId;
    private int nextIndex;
    /** Children in a row that exited before they were ready (under the lock; 0 once one is ready). */
    private int startFailures;
    private int state = RUNNING;

    ProcessPool(ProcessPoolBuilder b) throws IOException {
        this.name = b.name;
        this.processes = b.processes;
        this.jvmOptions = List.copyOf(b.jvmOptions);
        this.tasksPerProcess = b.tasksPerProcess;
        this.startTimeout = b.startTimeout;
        this.stopGrace = b.stopGrace;
        this.onProgress = b.onProgress;
        this.classDataSharing = b.classDataSharing;
        this.classPath = b.classPath != null ? b.classPath : ChildClassPath.find(name);
        this.ownsLogDirectory = b.logDirectory == null;
        this.logDirectory = b.logDirectory != null ? Files.createDirectories(b.logDirectory)
                : Files.createTempDirectory("tidepool-process-" + name + "-");
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(name + ".timer").factory());
    }

    /**
     * A builder for a pool.
     *
     * @return a new builder
     */
    public static ProcessPoolBuilder builder() {
        return new ProcessPoolBuilder();
    }

    /**
     * The pool's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Where the children's stderr logs go.
     *
     * @return the directory
     */
    public Path logDirectory() {
        return logDirectory;
    }

    /**
     * Queues {@code job} with {@code input}; a child runs it as soon as one is free.
     *
     * @param <I> type of the input
     * @param <O> type of the output
     * @param job the job class (public, with a public no-argument constructor)
     * @param input the input, written as JSON
     * @return the future of the output
     * @throws RejectedExecutionException if the pool is shut down
     */
    public <I, O> Fut<O> submit(Class<? extends Job<I, O>> job, I input) {
        return submit(job, input, null, null);
    }

    /**
     * Like {@link #submit(Class, Object)}, with a limit on the job's run: counted from the moment
     * it is sent to a process (time spent queued does not count, as a solver's limit would not);
     * past it the job's process is killed and the future fails with {@link JobTimeoutException}.
     *
     * @param <I> type of the input
     * @param <O> type of the output
     * @param job the job class
     * @param input the input
     * @param timeout the limit, positive
     * @return the future of the output
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws RejectedExecutionException if the pool is shut down
     */
    public <I, O> Fut<O> submit(Class<? extends Job<I, O>> job, I input, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return submit(job, input, timeout, null);
    }

    /**
     * Like {@link #submit(Class, Object)}, cancelled by {@code sw}: when it turns off, the job's
     * process is killed (or the job never starts) and the future fails with
     * {@link SwitchOffException}.
     *
     * @param <I> type of the input
     * @param <O> type of the output
     * @param job the job class
     * @param input the input
     * @param sw the switch
     * @return the future of the output
     * @throws RejectedExecutionException if the pool is shut down
     */
    public <I, O> Fut<O> submit(Class<? extends Job<I, O>> job, I input, Switch sw) {
        return submit(job, input, null, Objects.requireNonNull(sw, "sw"));
    }

    @SuppressWarnings("unchecked")
    private <I, O> Fut<O> submit(Class<? extends Job<I, O>> job, I input, Duration timeout, Switch sw) {
        Objects.requireNonNull(job, "job");
        Promise<Object> promise = Fut.promise();
        Fut<O> fut = (Fut<O>) promise.fut();
        // The class check and the JSON of the input need no lock: they are done before taking it.
        JavaType outputType;
        String json;
        try {
            outputType = checkJob(job);
            json = Frames.inputJson(job.getName(), input);
        } catch (IllegalArgumentException bad) {
            if (isShutdown()) {
                throw rejected(job);
            }
            promise.tryFail(bad);
            return fut;
        }
        PendingJob p = new PendingJob(job.getName(), json, outputType, promise, timeout);
        if (sw != null) {
            // Before the job is queued: a switch that is off already fails it here, and it is
            // never sent; one that turns off later takes it out of the queue or stops its run.
            Switch.Handle h = sw.onTurnOff(() -> stop(p, new SwitchOffException(sw)));
            fut.onComplete((v, e) -> h.close());
        }
        List<Runnable> sends;
        lock.lock();
        try {
            if (state != RUNNING) {
                promise.tryFail(rejected(job)); // for the switch's handle; the caller gets the exception
                throw rejected(job);
            }
            if (fut.isDone()) {
                return fut; // its switch was off
            }
            p.id = ++nextId;
            queue.add(p);
            sends = dispatch();
        } finally {
            lock.unlock();
        }
        sends.forEach(Runnable::run);
        return fut;
    }

    private RejectedExecutionException rejected(Class<?> job) {
        return new RejectedExecutionException("process pool '" + name + "' is shut down; job " + job.getName() + " rejected");
    }

    private boolean isShutdown() {
        lock.lock();
        try {
            return state != RUNNING;
        } finally {
            lock.unlock();
        }
    }

    /** The output type of {@code job}; IllegalArgumentException naming it if it cannot be a job. */
    private static JavaType checkJob(Class<?> job) {
        if (!Modifier.isPublic(job.getModifiers()) || job.isInterface() || Modifier.isAbstract(job.getModifiers())) {
            throw new IllegalArgumentException("job " + job.getName() + " must be a public concrete class");
        }
        try {
            if (!Modifier.isPublic(job.getConstructor().getModifiers())) {
                throw new NoSuchMethodException();
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("job " + job.getName() + " has no public no-argument constructor");
        }
        try {
            return Frames.types(job)[1];
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job " + job.getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Under the lock: gives queued jobs to ready idle workers and starts workers for the jobs left;
     * returns the writes to make once the lock is released.
     */
    private List<Runnable> dispatch() {
        List<Runnable> sends = new ArrayList<>();
        for (Worker w : workers) {
            if (queue.isEmpty()) {
                break;
            }
            if (w.ready && w.current == null && !w.retiring) {
                PendingJob p = queue.poll();
                p.worker = w;
                p.sentNanos = System.nanoTime();
                w.current = p;
                ObjectNode run = Frames.frame("run").put("id", p.id).put("job", p.jobName);
                if (TaskTracing.enabled()) {
                    run.put("trace", true); // the child sends its spans as "span" frames
                }
                run.putRawValue("input", new RawValue(p.input));
                String frame = Frames.write(run);
                sends.add(() -> {
                    w.send(frame); // a dead process: its reader fails the job
                    startClock(p);
                });
            }
        }
        int starting = 0;
        int live = 0;
        for (Worker w : workers) {
            if (!w.retiring) {
                live++;
                if (!w.ready) {
                    starting++;
                }
            }
        }
        for (int missing = queue.size() - starting; missing > 0 && live < processes; missing--, live++) {
            startWorker();
        }
        if (state != RUNNING && queue.isEmpty()) {
            for (Worker w : workers) {
                if (w.current == null && !w.retiring) {
                    w.retiring = true;
                    sends.add(w::closeInput);
                } else if (w.current != null && w.current.stopped != null && !w.retiring) {
                    w.retiring = true; // its job failed already: the end of its grace is not worth waiting for
                    sends.add(w::kill);
                }
            }
        }
        return sends;
    }

    /** Under the lock: starts a child and the thread that reads it. */
    private void startWorker() {
        int index = nextIndex++;
        Path log = logDirectory.resolve(name + "-" + index + ".log");
        List<String> cmd = WorkerCommand.of(jvmOptions, classPath, classDataSharing ? logDirectory.resolve(name + ".jsa") : null);
        Process process;
        try {
            process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("process pool '" + name + "' could not start a worker: " + e.getMessage(), e);
        }
        Worker w = new Worker(index, process, log);
        workers.add(w);
        Thread.ofPlatform().daemon().name(name + ".reader." + index).start(() -> read(w));
        // The reader sees the end of the process as the end of its stdout, unless a process the
        // job started holds that pipe open (it inherited it): then this ends the worker anyway.
        process.onExit().thenRun(() -> afterExit(w));
        timer.schedule(() -> {
            lock.lock();
            try {
                if (!w.ready) {
                    w.kill(); // its reader reports it
                }
            } finally {
                lock.unlock();
            }
        }, nanos(startTimeout), TimeUnit.NANOSECONDS);
    }

    /** A worker's reader: its frames, then its end. */
    private void read(Worker w) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(w.process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null && !w.isEnded(); ) {
                JsonNode f;
                String why = null;
                try {
                    f = Frames.JSON.readTree(line);
                } catch (JsonProcessingException notJson) {
                    f = null;
                    why = notJson.getOriginalMessage();
                }
                if (f == null || !f.isObject() || !handle(w, f)) {
                    protocolError(w, line, why);
                }
            }
        } catch (IOException e) {
            // the pipe broke: the process is gone
        }
        if (w.claimEnd()) {
            ended(w, false);
        }
    }

    /**
     * The process has exited. Its reader handles its end when its stdout ends, which it does at
     * once unless a process the job started inherited it; give the reader a moment for the last
     * frames, then end the worker here.
     */
    private void afterExit(Worker w) {
        try {
            timer.schedule(() -> {
                if (w.claimEnd()) {
                    ended(w, true);
                }
            }, EXIT_DRAIN_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            if (w.claimEnd()) { // the pool is gone: end it now
                ended(w, true);
            }
        }
    }

    /** One frame of {@code w}; false if it makes no sense. */
    private boolean handle(Worker w, JsonNode f) {
        String type = f.path("type").asText();
        switch (type) {
            case "ready" -> {
                List<Runnable> sends;
                lock.lock();
                try {
                    w.ready = true;
                    startFailures = 0;
                    sends = dispatch();
                } finally {
                    lock.unlock();
                }
                sends.forEach(Runnable::run);
                return true;
            }
            case "progress" -> {
                PendingJob p = currentOf(w, f);
                if (p == null) {
                    return false;
                }
                JsonNode fraction = f.get("fraction");
                JobProgress progress = new JobProgress(p.jobName, p.id, w.pid(),
                        f.hasNonNull("message") ? f.get("message").asText() : null,
                        fraction == null ? Double.NaN : fraction.asDouble());
                if (TaskTracing.enabled()) {
                    p.traceProgress(progress); // drawn on the job's slice once it ends
                }
                if (onProgress != null) {
                    onProgress.accept(progress);
                }
                return true;
            }
            case "result", "failure" -> {
                PendingJob p;
                boolean stopped;
                List<Runnable> sends;
                lock.lock();
                try {
                    p = w.current;
                    if (p == null || p.id != f.path("id").asLong(-1)) {
                        return false;
                    }
                    stopped = p.stopped != null; // ended within its grace: its future failed already
                    w.current = null;
                    p.endNanos = System.nanoTime(); // before the next job is sent: slices of a lane never overlap
                    w.jobsRun++;
                    if (w.jobsRun >= tasksPerProcess && !w.retiring) {
                        w.retiring = true; // replaced by dispatch if jobs wait
                        w.closeInput();
                    }
                    sends = dispatch();
                } finally {
                    lock.unlock();
                }
                sends.forEach(Runnable::run);
                if (!stopped) {
                    p.settle(f, w, name);
                }
                JobTrace.record(name, w, p, stopped ? "stopped" : f.path("type").asText());
                return true;
            }
            case "span" -> {
                JobTrace.fromChild(name, w, f);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private PendingJob currentOf(Worker w, JsonNode f) {
        lock.lock();
        try {
            PendingJob p = w.current;
            return p != null && p.id == f.path("id").asLong(-1) ? p : null;
        } finally {
            lock.unlock();
        }
    }

    private void protocolError(Worker w, String line, String why) {
        lock.lock();
        try {
            PendingJob p = w.current;
            if (p != null && p.stopped == null) {
                String shown = line.length() > 200 ? line.substring(0, 200) + "... (" + line.length() + " characters)" : line;
                p.stopped = new WorkerProtocolException(w + " of process pool '" + name + "' wrote a line that is not"
                        + " a frame while it ran job " + p.jobName + (why == null ? "" : " (" + why + ")") + ": '" + shown + "'");
            }
        } finally {
            lock.unlock();
        }
        w.kill(); // its reader sees the end and replaces it
    }

    /**
     * The end of {@code w}: its stdout ended (the process is gone or going), or, when
     * {@code heldOpen}, the process exited while something else still holds its stdout.
     */
    private void ended(Worker w, boolean heldOpen) {
        int exit;
        try {
            exit = w.process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            w.kill();
            exit = -1;
        }
        PendingJob p;
        List<PendingJob> failed = new ArrayList<>();
        List<Runnable> sends;
        lock.lock();
        try {
            workers.remove(w);
            p = w.current;
            w.current = null;
            if (p != null) {
                p.endNanos = System.nanoTime();
            }
            if (!w.ready && !w.retiring) {
                startFailures++;
                if (startFailures >= START_ATTEMPTS && workers.stream().noneMatch(o -> o.ready)) {
                    // Children in a row that cannot start, and none running: the set-up is broken
                    // (a bad JVM option, a class path without Tidepool), and the queued jobs would
                    // wait for ever. One that dies while others run is just replaced.
                    failed.addAll(queue);
                    queue.clear();
                }
            }
            sends = dispatch();
            if (workers.isEmpty()) {
                allGone.signalAll();
            }
        } finally {
            lock.unlock();
        }
        sends.forEach(Runnable::run);
        String tail = w.stderrTail();
        String held = heldOpen ? " (its stdout is still held open by a process it started: a subprocess of a job"
                + " must not inherit the worker's stdout, see ProcessPool)" : "";
        if (p != null) {
            JobTrace.record(name, w, p, p.stopped != null ? "stopped" : "crashed");
            p.promise.tryFail(p.stopped != null ? p.stopped
                    : new WorkerCrashedException(w + " of process pool '" + name + "' exited with code " + exit
                            + " while it ran job " + p.jobName + held + (tail.isEmpty() ? "" : "; its stderr ends with:\n" + tail),
                            exit, tail));
        }
        for (PendingJob q : failed) {
            q.promise.tryFail(new WorkerCrashedException(w + " of process pool '" + name + "' exited with code " + exit
                    + " before it was ready, the " + START_ATTEMPTS + " worker processes started last all did, so job "
                    + q.jobName + " did not start" + (tail.isEmpty() ? "" : "; its stderr ends with:\n" + tail), exit, tail));
        }
    }

    /** {@code d} in nanoseconds, {@link Long#MAX_VALUE} for longer (about 292 years). */
    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException longer) {
            return Long.MAX_VALUE;
        }
    }

    /** The job's time limit, if it has one, from now: it has just been sent to its process. */
    private void startClock(PendingJob p) {
        if (p.timeout == null) {
            return;
        }
        try {
            var t = timer.schedule(() -> stop(p, new JobTimeoutException("job " + p.jobName + " of process pool '" + name
                    + "' ran past its limit of " + p.timeout)), nanos(p.timeout), TimeUnit.NANOSECONDS);
            p.promise.fut().onComplete((v, e) -> t.cancel(false));
        } catch (RejectedExecutionException stopped) {
            // shutdownNow is killing the process anyway
        }
    }

    /**
     * A timeout or a switch: the job never starts, or it fails now and its process is told to stop
     * it, and killed unless the job ends within the grace (then the process runs the next jobs).
     */
    private void stop(PendingJob p, RuntimeException reason) {
        Worker w;
        lock.lock();
        try {
            if (p.promise.fut().isDone()) {
                return;
            }
            w = p.worker;
            if (w == null) {
                queue.remove(p);
            } else if (w.current == p && p.stopped == null) {
                p.stopped = reason;
            } else {
                return;
            }
        } finally {
            lock.unlock();
        }
        p.promise.tryFail(reason);
        if (w == null) {
            return;
        }
        if (stopGrace.isZero() || !w.send(Frames.frame("cancel").put("id", p.id).toString())) {
            w.kill(); // its reader replaces it
            return;
        }
        try {
            timer.schedule(() -> killIfStillRunning(w, p), nanos(stopGrace), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            w.kill(); // shutdownNow: killing every process anyway
        }
    }

    /** The end of a stopped job's grace: kills its process unless the job has ended. */
    private void killIfStillRunning(Worker w, PendingJob p) {
        lock.lock();
        try {
            if (w.current != p) {
                return;
            }
        } finally {
            lock.unlock();
        }
        w.kill(); // its reader replaces it
    }

    /**
     * Runs the jobs accepted so far, then stops the children and waits until they are gone. Later
     * submissions are rejected.
     */
    public void shutdown() {
        List<Runnable> sends;
        lock.lock();
        try {
            if (state == RUNNING) {
                state = SHUTDOWN;
            }
            sends = dispatch();
        } finally {
            lock.unlock();
        }
        sends.forEach(Runnable::run);
        awaitGone();
    }

    /**
     * Kills every child at once: queued and running jobs fail with {@link CancellationException}.
     * Waits until the children are gone.
     */
    public void shutdownNow() {
        List<PendingJob> queued;
        List<Worker> all;
        lock.lock();
        try {
            state = STOPPED;
            queued = new ArrayList<>(queue);
            queue.clear();
            all = new ArrayList<>(workers);
            for (Worker w : all) {
                w.retiring = true;
                if (w.current != null && w.current.stopped == null) {
                    w.current.stopped = new CancellationException("process pool '" + name + "' was shut down while job "
                            + w.current.jobName + " ran");
                }
            }
        } finally {
            lock.unlock();
        }
        for (PendingJob p : queued) {
            p.promise.tryFail(new CancellationException("process pool '" + name + "' was shut down before job "
                    + p.jobName + " started"));
        }
        all.forEach(Worker::kill);
        awaitGone();
    }

    private void awaitGone() {
        lock.lock();
        try {
            while (!workers.isEmpty() || !queue.isEmpty()) {
                allGone.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        timer.shutdownNow();
        if (ownsLogDirectory) {
            LogDirectory.delete(logDirectory);
        }
    }

    /** {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "ProcessPool[" + name + ", " + workers.size() + " of " + processes + " processes, " + queue.size()
                    + " queued, " + (state == RUNNING ? "running" : state == SHUTDOWN ? "shutting down" : "stopped") + "]";
        } finally {
            lock.unlock();
        }
    }
}
