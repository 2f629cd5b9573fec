package dev.tidepool.tracing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.tidepool.futures.tracing.TraceNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns spans and counter samples into Chrome Trace Event Format objects, as Perfetto's JSON
 * importer reads them.
 * <ul>
 * <li>A span becomes one complete ({@code X}) event per stretch it ran: a task span is cut at its
 * {@link TraceNames#SUSPEND} events and goes on at the matching {@link TraceNames#RESUME}. Its lane
 * is its thread ({@link TraceNames#THREAD_ID}); spans on one thread nest because they are calls
 * within each other, and every timestamp comes from one clock.
 * <li>A task submitted inside a span gets a flow ({@code s} then {@code f}, bound to the enclosing
 * slices) from the submitting thread at submission time to the task's first slice. A flow is
 * written only once both slices it binds to are: after the task's slices, and not before its
 * parent span (the one that enclosed the submission) is written, so a file cut off at any batch
 * holds no flow that binds to nothing. The flows of a parent span that is still running wait
 * for it, {@value #MAX_DEFERRED} at most per parent (beyond that they are written at once).
 * <li>A span runs in this process unless it carries {@link TraceNames#PROCESS_ID} (a span that a
 * worker process sent): its lanes are then threads of that process, which the first such span
 * names ({@link TraceNames#PROCESS_NAME}), and its flow starts in
 * {@link TraceNames#SPAWN_PROCESS_ID} when it has one (a job submitted in this process).
 * <li>Other span events become thread-scoped instants ({@code i}); the first sight of a thread
 * writes its name ({@code M}); counters are {@code C} events.
 * </ul>
 * Timestamps are microseconds since the start of the trace, written with exactly three decimals
 * from integer nanoseconds, so that a slice's end is never rounded past its parent's.
 */
final class ChromeEncoder {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** How many flows may wait for one parent span that is still running. */
    static final int MAX_DEFERRED = 100_000;
    private static final Set<AttributeKey<?>> LANE_KEYS = Set.of(TraceNames.THREAD_ID, TraceNames.THREAD_NAME,
            TraceNames.PROCESS_ID, TraceNames.PROCESS_NAME);

    private final long pid = ProcessHandle.current().pid();
    private final long baseEpochNanos;
    private final Set<Lane> namedThreads = new HashSet<>();
    private final Set<Long> namedProcesses = new HashSet<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    /** Sampled spans started and not written yet (filled by the span processor's onStart). */
    private final Set<String> unwritten;
    /** Flows waiting for their parent span, by its span id: {id, start ns, start tid, end ns, end tid, start pid, end pid} each. */
    private final Map<String, List<long[]>> deferred = new HashMap<>();
    private JsonGenerator g;
    private long nextFlowId = 1;
    private int events;

    ChromeEncoder(long baseEpochNanos, String processName, Set<String> unwritten) throws IOException {
        this.baseEpochNanos = baseEpochNanos;
        this.unwritten = unwritten;
        begin();
        nameProcess(pid, processName);
    }

    /** A thread of a process. */
    private record Lane(long pid, long tid) {}

    private void nameProcess(long p, String name) throws IOException {
        if (!namedProcesses.add(p)) {
            return;
        }
        g.writeStartObject();
        g.writeStringField("name", "process_name");
        g.writeStringField("ph", "M");
        g.writeNumberField("pid", p);
        g.writeObjectFieldStart("args");
        g.writeStringField("name", name != null ? name : "process " + p);
        g.writeEndObject();
        g.writeEndObject();
        events++;
    }

    private void begin() throws IOException {
        out.reset();
        g = JSON.createGenerator(out);
        g.setRootValueSeparator(new SerializedString(",\n"));
        events = 0;
    }

    /** The encoded events so far, comma-separated; starts a new batch. */
    byte[] take() throws IOException {
        g.flush();
        byte[] bytes = out.toByteArray();
        g.close();
        begin();
        return bytes;
    }

    int pending() {
        return events;
    }

    void span(SpanData s) throws IOException {
        Attributes a = s.getAttributes();
        Long other = a.get(TraceNames.PROCESS_ID);
        long p = other != null ? other : pid;
        if (other != null) {
            nameProcess(p, a.get(TraceNames.PROCESS_NAME));
        }
        long tid = threadOf(a, 0L);
        nameThread(p, tid, a.get(TraceNames.THREAD_NAME));
        String cat = a.get(TraceNames.TASK_KIND) != null ? "task" : a.get(TraceNames.LOCK_WAIT_NS) != null ? "lock" : "span";
        long start = s.getStartEpochNanos();
        if (TraceNames.SWITCH_OFF.equals(s.getName()) && s.getEndEpochNanos() == start) {
            instant(s.getName(), start, p, tid, a);
            return;
        }
        long segmentStart = start;
        boolean running = true;
        int segment = 0;
        for (EventData e : s.getEvents()) {
            String n = e.getName();
            if (TraceNames.SUSPEND.equals(n)) {
                if (running) {
                    complete(s, cat, segmentStart, e.getEpochNanos(), p, tid, segment++);
                    running = false;
                }
            } else if (TraceNames.RESUME.equals(n)) {
                if (!running) {
                    segmentStart = e.getEpochNanos();
                    running = true;
                }
            } else {
                instant(n, e.getEpochNanos(), p, threadOf(e.getAttributes(), tid), e.getAttributes());
            }
        }
        if (running) {
            complete(s, cat, segmentStart, s.getEndEpochNanos(), p, tid, segment);
        }
        String id = s.getSpanContext().getSpanId();
        unwritten.remove(id);
        List<long[]> waiting = deferred.remove(id);
        if (waiting != null) { // the slices its children's flows start in are written now
            for (long[] f : waiting) {
                flowPair(f);
            }
        }
        Long queued = a.get(TraceNames.QUEUED_NS);
        Long spawnThread = a.get(TraceNames.SPAWN_THREAD_ID);
        if (queued != null && spawnThread != null) {
            Long spawnProcess = a.get(TraceNames.SPAWN_PROCESS_ID);
            long[] f = {nextFlowId++, start - queued, spawnThread, start, tid, spawnProcess != null ? spawnProcess : p, p};
            String parent = s.getParentSpanContext().getSpanId();
            List<long[]> list = unwritten.contains(parent) ? deferred.computeIfAbsent(parent, k -> new ArrayList<>()) : null;
            if (list != null && list.size() < MAX_DEFERRED) {
                list.add(f);
            } else {
                flowPair(f);
            }
        }
    }

    private void flowPair(long[] f) throws IOException {
        flow("s", f[0], f[1], f[5], f[2]);
        flow("f", f[0], f[3], f[6], f[4]);
    }

    void counter(String name, long epochNanos, double value) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("ph", "C");
        ts("ts", epochNanos - baseEpochNanos);
        g.writeNumberField("pid", pid);
        g.writeObjectFieldStart("args");
        g.writeNumberField("value", value);
        g.writeEndObject();
        g.writeEndObject();
        events++;
    }

    private void complete(SpanData s, String cat, long from, long to, long p, long tid, int segment) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", s.getName());
        g.writeStringField("cat", cat);
        g.writeStringField("ph", "X");
        long rel = from - baseEpochNanos;
        ts("ts", rel);
        ts("dur", Math.max(0L, to - from));
        g.writeNumberField("pid", p);
        g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
        if (segment > 0) {
            g.writeNumberField("resumed", segment);
        }
        if (s.getStatus().getStatusCode() == StatusCode.ERROR) {
            g.writeStringField("error", s.getStatus().getDescription());
        }
        attributes(s.getAttributes());
        g.writeEndObject();
        g.writeEndObject();
        events++;
    }

    private void flow(String phase, long id, long epochNanos, long p, long tid) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", "spawn");
        g.writeStringField("cat", "flow");
        g.writeStringField("ph", phase);
        g.writeNumberField("id", id);
        g.writeStringField("bp", "e");
        ts("ts", epochNanos - baseEpochNanos);
        g.writeNumberField("pid", p);
        g.writeNumberField("tid", tid);
        g.writeEndObject();
        events++;
    }

    private void instant(String name, long epochNanos, long p, long tid, Attributes a) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("ph", "i");
        g.writeStringField("s", "t");
        ts("ts", epochNanos - baseEpochNanos);
        g.writeNumberField("pid", p);
        g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
        attributes(a);
        g.writeEndObject();
        g.writeEndObject();
        events++;
    }

    private void nameThread(long p, long tid, String name) throws IOException {
        if (!namedThreads.add(new Lane(p, tid))) {
            return;
        }
        g.writeStartObject();
        g.writeStringField("name", "thread_name");
        g.writeStringField("ph", "M");
        g.writeNumberField("pid", p);
        g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
        g.writeStringField("name", name != null ? name : "thread " + tid);
        g.writeEndObject();
        g.writeEndObject();
        events++;
    }

    private void attributes(Attributes a) throws IOException {
        for (Map.Entry<AttributeKey<?>, Object> e : a.asMap().entrySet()) {
            if (LANE_KEYS.contains(e.getKey())) {
                continue;
            }
            Object v = e.getValue();
            if (v instanceof Long l) {
                g.writeNumberField(e.getKey().getKey(), l);
            } else if (v instanceof Double d) {
                g.writeNumberField(e.getKey().getKey(), d);
            } else if (v instanceof Boolean b) {
                g.writeBooleanField(e.getKey().getKey(), b);
            } else {
                g.writeStringField(e.getKey().getKey(), String.valueOf(v));
            }
        }
    }

    private static long threadOf(Attributes a, long otherwise) {
        Long t = a.get(TraceNames.THREAD_ID);
        return t != null ? t : otherwise;
    }

    /** Writes {@code nanos} as microseconds with three decimals, exactly. */
    private void ts(String field, long nanos) throws IOException {
        g.writeFieldName(field);
        long abs = Math.abs(nanos);
        String frac = Long.toString(1000 + abs % 1000).substring(1);
        g.writeNumber((nanos < 0 ? "-" : "") + abs / 1000 + "." + frac);
    }
}
