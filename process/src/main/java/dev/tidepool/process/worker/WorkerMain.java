package dev.tidepool.process.worker;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidepool.process.Job;
import dev.tidepool.process.JobContext;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import dev.tidepool.switches.Switch;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker process's main: says "ready", then reads one "run" frame at a time from stdin, runs
 * the job on a Tidepool pool of its own and writes "progress" frames and one "result" or
 * "failure" frame to stdout. Each job runs under a switch of its own, which a "cancel" frame turns
 * off. A "run" frame of a traced parent turns tracing on: every span that
 * ends here goes to stdout as a "span" frame, the job's own before its outcome. The job's own prints to {@code System.out} go to stderr, so that only
 * frames reach stdout. When stdin ends (the parent closed it, or died) the process exits, whatever
 * it is doing. Whenever it exits through the JVM's shutdown (stdin's end, a job's
 * {@code System.exit}), the processes its jobs started and left running are killed first: they
 * would outlive it, and one that inherited its stdout would hold the frame pipe open.
 */
public final class WorkerMain {
    /** How long an exit may take (shutdown hooks, the class-data archive) before the process halts. */
    private static final long EXIT_GRACE_MS = 10_000;
    private final OutputStream frames;
    private final Runner pool;
    /** The switches of the jobs running, by id. */
    private final Map<Long, Switch> running = new ConcurrentHashMap<>();
    /** Whether tracing was asked for (by the first traced "run" frame); the reading thread only. */
    private boolean traced;

    private WorkerMain(OutputStream frames, Runner pool) {
        this.frames = frames;
        this.pool = pool;
    }

    /**
     * Runs the worker until stdin ends.
     *
     * @param args unused
     * @throws IOException if stdin cannot be read
     */
    public static void main(String[] args) throws IOException {
        Runtime.getRuntime().addShutdownHook(new Thread(WorkerMain::killDescendants, "tidepool-worker-descendants"));
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        Runner pool = WsPool.builder().name("job").build();
        WorkerMain w = new WorkerMain(out, pool);
        w.write(Frames.frame("ready").put("pid", ProcessHandle.current().pid()));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            JsonNode f = Frames.JSON.readTree(line);
            switch (f.path("type").asText()) {
                case "run" -> w.start(f);
                case "cancel" -> w.cancel(f.path("id").asLong());
                default -> { } // a frame of a later protocol: ignored
            }
        }
        // stdin ended: nobody is left to read a result. An exit (not a halt) lets the JVM write its
        // class-data archive when the pool asked for one; a shutdown hook of a job's that does not
        // end cannot keep the process alive past the halt below.
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(EXIT_GRACE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            killDescendants();
            Runtime.getRuntime().halt(0);
        });
        System.exit(0);
    }

    /** Kills every process this one started (and theirs) that still runs. */
    private static void killDescendants() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private void start(JsonNode f) {
        long id = f.path("id").asLong();
        String name = f.path("job").asText();
        if (f.path("trace").asBoolean() && !traced) {
            traced = true;
            try {
                SpanFrames.install(this::write);
            } catch (LinkageError noSdk) { // no OpenTelemetry SDK here: the parent draws the job alone
                System.err.println("tidepool worker: not tracing (" + noSdk + ")");
            }
        }
        Switch sw = Switch.create(); // the job's own: a "cancel" frame turns it off
        running.put(id, sw);
        // The outcome is written once the task (and its span, sent first) has ended.
        pool.spawn(simpleName(name), () -> sw.callAsCurrent(() -> run(id, name, f, sw))).onComplete((done, e) -> {
            running.remove(id);
            sw.close();
            if (done != null) { // run catches everything; only a cancelled task (never here) has none
                write(done);
            }
        });
    }

    private void cancel(long id) {
        Switch sw = running.get(id);
        if (sw != null) { // else the job ended already
            sw.turnOff();
        }
    }

    private ObjectNode run(long id, String name, JsonNode f, Switch sw) {
        try {
            Class<?> cls = Class.forName(name, true, WorkerMain.class.getClassLoader());
            JavaType[] types = Frames.types(cls);
            Object input = Frames.JSON.convertValue(f.get("input"), types[0]);
            @SuppressWarnings("unchecked") Job<Object, Object> job =
                    (Job<Object, Object>) cls.getConstructor().newInstance();
            Object output = job.run(input, context(id, sw));
            ObjectNode done = Frames.frame("result").put("id", id);
            done.set("output", Frames.JSON.valueToTree(output));
            return done;
        } catch (Throwable e) {
            Throwable t = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : e;
            StringWriter stack = new StringWriter();
            t.printStackTrace(new PrintWriter(stack));
            return Frames.frame("failure").put("id", id).put("exception", t.getClass().getName())
                    .put("message", String.valueOf(t.getMessage())).put("stack", stack.toString());
        }
    }

    private static String simpleName(String className) {
        int dot = Math.max(className.lastIndexOf('.'), className.lastIndexOf('$'));
        return className.substring(dot + 1);
    }

    private JobContext context(long id, Switch sw) {
        return new JobContext() {
            @Override
            public boolean isCancelled() {
                return sw.isOff();
            }

            @Override
            public void progress(String message) {
                write(Frames.frame("progress").put("id", id).put("message", message));
            }

            @Override
            public void progress(double fraction) {
                write(Frames.frame("progress").put("id", id).put("fraction", fraction));
            }
        };
    }

    /** Writes one frame and its newline at once (frames from several tasks never interleave). */
    private synchronized void write(ObjectNode frame) {
        try {
            byte[] line = (Frames.JSON.writeValueAsString(frame) + "\n").getBytes(StandardCharsets.UTF_8);
            frames.write(line);
            frames.flush();
        } catch (IOException e) {
            Runtime.getRuntime().halt(0); // the parent is gone
        }
    }
}
