package dev.tidepool.tracing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Merges Perfetto trace files that Tidepool wrote in several JVMs (cluster members, worker
 * processes, or runs at different times) into one, side by side: each JVM keeps its own process
 * track, and every timestamp is moved onto the earliest file's clock, using the epoch time each
 * file records for its {@code ts} 0. Flow ids are renumbered per file, so that two files' flows
 * never join. The clocks are the JVMs' wall clocks: on one machine they agree; across machines,
 * only as well as the machines' clocks do.
 */
public final class TraceMerge {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Flow ids of file k are moved by k times this. */
    private static final long FLOW_ID_SPAN = 1L << 40;

    private TraceMerge() {}

    /**
     * Writes the merge of {@code inputs} to {@code output}.
     *
     * @param inputs trace files written by Tidepool ({@link Tracing#toPerfetto}), at least one
     * @param output the merged file (replaced if it exists)
     * @return how many events the merged file holds
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException naming a file that is not a Tidepool Perfetto trace
     */
    public static int merge(List<Path> inputs, Path output) throws IOException {
        Objects.requireNonNull(output, "output");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no trace files to merge");
        }
        List<JsonNode> roots = new ArrayList<>();
        long base = Long.MAX_VALUE;
        for (Path in : inputs) {
            JsonNode root;
            try (JsonParser p = JSON.createParser(in.toFile())) {
                root = p.nextToken() == JsonToken.START_OBJECT ? JSON.readTree(p) : null;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(in + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (root == null || !root.path(PerfettoFile.EPOCH_FIELD).canConvertToLong() || !root.path("traceEvents").isArray()) {
                throw new IllegalArgumentException(in + ": not a Tidepool Perfetto trace (no " + PerfettoFile.EPOCH_FIELD
                        + " and traceEvents)");
            }
            roots.add(root);
            base = Math.min(base, root.get(PerfettoFile.EPOCH_FIELD).asLong());
        }
        int events = 0;
        try (OutputStream out = Files.newOutputStream(output); JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ns");
            g.writeNumberField(PerfettoFile.EPOCH_FIELD, base);
            g.writeArrayFieldStart("traceEvents");
            for (int k = 0; k < roots.size(); k++) {
                long shiftNanos = roots.get(k).get(PerfettoFile.EPOCH_FIELD).asLong() - base;
                for (JsonNode e : roots.get(k).get("traceEvents")) {
                    ObjectNode moved = e.deepCopy();
                    if (e.path("ts").isNumber()) {
                        moved.put("ts", micros(e.get("ts").decimalValue(), shiftNanos));
                    }
                    if (e.path("id").isIntegralNumber() && isFlow(e.path("ph").asText())) {
                        moved.put("id", e.get("id").asLong() + k * FLOW_ID_SPAN);
                    }
                    g.writeTree(moved);
                    events++;
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return events;
    }

    private static boolean isFlow(String ph) {
        return ph.equals("s") || ph.equals("t") || ph.equals("f");
    }

    /** {@code micros} (exact, three decimals) moved by {@code shiftNanos}, still with three decimals. */
    private static BigDecimal micros(BigDecimal micros, long shiftNanos) {
        return micros.add(BigDecimal.valueOf(shiftNanos, 3)).setScale(3, RoundingMode.HALF_EVEN);
    }
}
