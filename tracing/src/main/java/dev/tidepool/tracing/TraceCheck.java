package dev.tidepool.tracing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a Chrome Trace Event Format file against the rules Perfetto's JSON importer applies, so
 * that a trace that passes opens without import errors:
 * <ul>
 * <li>the file is JSON: an array of events, or an object whose {@code traceEvents} is one;
 * <li>every event has a known phase; every event but metadata ({@code M}) has a numeric {@code ts};
 * <li>complete events ({@code X}) have {@code dur >= 0}, and on each thread they nest strictly:
 * two slices are disjoint or one contains the other;
 * <li>flows: each id starts ({@code s}) once and ends ({@code f}) once, not before it starts, and
 * both ends lie inside a slice of their thread (the slice they bind to);
 * <li>metadata names a process or thread with {@code args.name}; counters ({@code C}) carry numbers.
 * </ul>
 */
public final class TraceCheck {
    private static final Set<String> PHASES = Set.of("B", "E", "X", "i", "I", "C", "M", "s", "t", "f",
            "b", "e", "n", "N", "O", "D", "P", "R");
    private static final Set<String> METADATA = Set.of("process_name", "thread_name", "process_sort_index",
            "thread_sort_index", "process_labels");
    private static final int MAX_PROBLEMS = 50;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /**
     * What a check found: events, events per phase, process names by pid, thread names by
     * {@code pid/tid}, spans per name (the first slice of each), and per name the slices spans
     * went on with after a suspension (those carry {@code args.resumed}).
      *
      * @param events the number of events
      * @param phases the number of events of each phase ({@code ph})
      * @param processNames process names by {@code pid}
      * @param threadNames thread names by {@code "pid/tid"}
      * @param slicesByName spans per name (the first slice of each)
      * @param resumedByName slices that go on with a span after a suspension, per name
      * @param problems what breaks Perfetto's import rules; empty if the file passed
     */
    public record Report(int events, Map<String, Integer> phases, Map<Long, String> processNames,
            Map<String, String> threadNames,
            Map<String, Integer> slicesByName, Map<String, Integer> resumedByName, List<String> problems) {
        /**
         * Whether the file passed.
         *
         * @return true if no problem was found
         */
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private record Slice(long start, long end) {}

    private record FlowEnd(long ts, String lane) {}

    private final List<String> problems = new ArrayList<>();
    private final Map<String, Integer> phases = new TreeMap<>();
    private final Map<Long, String> processNames = new TreeMap<>();
    private final Map<String, String> threadNames = new TreeMap<>();
    private final Map<String, Integer> slicesByName = new TreeMap<>();
    private final Map<String, Integer> resumedByName = new TreeMap<>();
    private final Map<String, List<Slice>> slices = new HashMap<>();
    private final Map<Long, FlowEnd> flowStarts = new HashMap<>();
    private final Map<Long, FlowEnd> flowEnds = new HashMap<>();
    private int events;

    private TraceCheck() {}

    /**
     * Checks {@code file}.
     *
     * @param file the trace file
     * @return what the check found
     * @throws IOException if the file cannot be read
     */
    public static Report check(Path file) throws IOException {
        TraceCheck c = new TraceCheck();
        c.read(file);
        c.checkNesting();
        c.checkFlows();
        return new Report(c.events, c.phases, c.processNames, c.threadNames, c.slicesByName, c.resumedByName, List.copyOf(c.problems));
    }

    private void problem(String p) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        } else if (problems.size() == MAX_PROBLEMS) {
            problems.add("... more problems not listed");
        }
    }

    private void read(Path file) throws IOException {
        try (JsonParser p = MAPPER.createParser(file.toFile())) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                boolean found = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("traceEvents")) {
                        found = true;
                        readEvents(p);
                    } else {
                        p.skipChildren();
                    }
                }
                if (!found) {
                    problem("no traceEvents array");
                }
            } else if (t == JsonToken.START_ARRAY) {
                readEvents(p);
            } else {
                problem("not a JSON object or array");
                return;
            }
            if (p.nextToken() != null) {
                problem("data after the end of the trace");
            }
        } catch (JsonProcessingException e) {
            problem("not valid JSON: " + e.getOriginalMessage());
        }
    }

    private void readEvents(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            problem("traceEvents is not an array");
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            event(MAPPER.readTree(p));
        }
    }

    private void event(JsonNode n) {
        events++;
        String where = "event #" + events;
        String ph = text(n, "ph");
        if (ph == null || !PHASES.contains(ph)) {
            problem(where + ": unknown phase " + ph);
            return;
        }
        phases.merge(ph, 1, Integer::sum);
        String name = text(n, "name");
        if (ph.equals("M")) {
            if (!METADATA.contains(name)) {
                problem(where + ": unknown metadata " + name);
            } else if (name.endsWith("_name") && text(n.get("args"), "name") == null) {
                problem(where + ": " + name + " without args.name");
            } else if (name.equals("thread_name")) {
                threadNames.put(number(n, "pid") + "/" + number(n, "tid"), text(n.get("args"), "name"));
            } else if (name.equals("process_name")) {
                processNames.put(number(n, "pid") == null ? -1L : number(n, "pid").longValue(), text(n.get("args"), "name"));
            }
            return;
        }
        BigDecimal ts = number(n, "ts");
        if (ts == null) {
            problem(where + " (" + ph + " " + name + "): no numeric ts");
            return;
        }
        String lane = number(n, "pid") + "/" + number(n, "tid");
        long tsNanos = nanos(ts);
        switch (ph) {
            case "X" -> {
                BigDecimal dur = number(n, "dur");
                if (dur == null || dur.signum() < 0) {
                    problem(where + " (X " + name + "): dur missing or negative: " + dur);
                    return;
                }
                slices.computeIfAbsent(lane, k -> new ArrayList<>()).add(new Slice(tsNanos, tsNanos + nanos(dur)));
                JsonNode args = n.get("args");
                boolean resumed = args != null && args.get("resumed") != null;
                (resumed ? resumedByName : slicesByName).merge(name, 1, Integer::sum);
            }
            case "s", "f" -> {
                BigDecimal id = number(n, "id");
                if (id == null) {
                    problem(where + " (" + ph + "): flow without numeric id");
                    return;
                }
                Map<Long, FlowEnd> ends = ph.equals("s") ? flowStarts : flowEnds;
                if (ends.put(id.longValue(), new FlowEnd(tsNanos, lane)) != null) {
                    problem(where + ": flow id " + id + " has two '" + ph + "' events");
                }
            }
            case "C" -> {
                JsonNode args = n.get("args");
                if (args == null || !args.isObject() || args.size() == 0) {
                    problem(where + " (C " + name + "): no args");
                } else {
                    for (JsonNode v : args) {
                        if (!v.isNumber()) {
                            problem(where + " (C " + name + "): non-numeric value " + v);
                            break;
                        }
                    }
                }
            }
            default -> { }
        }
    }

    private void checkNesting() {
        for (Map.Entry<String, List<Slice>> e : slices.entrySet()) {
            List<Slice> l = e.getValue();
            l.sort(Comparator.comparingLong(Slice::start).thenComparing(Comparator.comparingLong(Slice::end).reversed()));
            ArrayList<Slice> stack = new ArrayList<>();
            for (Slice s : l) {
                while (!stack.isEmpty() && stack.getLast().end() <= s.start()) {
                    stack.removeLast();
                }
                if (!stack.isEmpty() && s.end() > stack.getLast().end()) {
                    problem("thread " + e.getKey() + ": slice [" + s.start() + ", " + s.end() + "] ns overlaps its parent ["
                            + stack.getLast().start() + ", " + stack.getLast().end() + "] without nesting");
                }
                stack.add(s);
            }
        }
    }

    private void checkFlows() {
        Map<String, List<Long>> points = new HashMap<>();
        for (Map.Entry<Long, FlowEnd> e : flowStarts.entrySet()) {
            FlowEnd end = flowEnds.get(e.getKey());
            if (end == null) {
                problem("flow " + e.getKey() + " starts but never ends");
            } else if (end.ts() < e.getValue().ts()) {
                problem("flow " + e.getKey() + " ends before it starts");
            }
        }
        for (Long id : flowEnds.keySet()) {
            if (!flowStarts.containsKey(id)) {
                problem("flow " + id + " ends but never starts");
            }
        }
        for (FlowEnd f : flowStarts.values()) {
            points.computeIfAbsent(f.lane(), k -> new ArrayList<>()).add(f.ts());
        }
        for (FlowEnd f : flowEnds.values()) {
            points.computeIfAbsent(f.lane(), k -> new ArrayList<>()).add(f.ts());
        }
        for (Map.Entry<String, List<Long>> e : points.entrySet()) {
            unbound(e.getKey(), e.getValue());
        }
    }

    /**
     * Reports the flow ends of one thread that lie inside no slice of it: a sweep over the slices
     * (sorted by start, outermost first) keeping the chain of slices open at each point.
     */
    private void unbound(String lane, List<Long> ts) {
        List<Slice> l = slices.getOrDefault(lane, List.of());
        ts.sort(null);
        ArrayList<Slice> open = new ArrayList<>();
        int next = 0;
        for (long t : ts) {
            while (next < l.size() && l.get(next).start() <= t) {
                Slice s = l.get(next++);
                while (!open.isEmpty() && open.getLast().end() < s.start()) {
                    open.removeLast();
                }
                open.add(s);
            }
            while (!open.isEmpty() && open.getLast().end() < t) {
                open.removeLast();
            }
            if (open.isEmpty()) {
                problem("a flow end at " + t + " ns on thread " + lane + " is inside no slice");
            }
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static BigDecimal number(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v != null && v.isNumber() ? v.decimalValue() : null;
    }

    /** Microseconds (exact decimal) to nanoseconds. */
    private static long nanos(BigDecimal micros) {
        return micros.movePointRight(3).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
