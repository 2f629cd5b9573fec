package dev.tidepool.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** Times of every mode of one workload, and how they are shown: table, JSON, chart. */
final class Comparison {
    /** The timings of one mode. */
    record ModeResult(String mode, boolean peer, String origin, List<Double> seconds) {
        double median() {
            List<Double> s = new ArrayList<>(seconds);
            s.sort(null);
            int n = s.size();
            return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        }

        double min() {
            return seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        double max() {
            return seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }
    }

    final String workload;
    final Map<String, Object> params;
    final List<ModeResult> results;

    Comparison(String workload, Map<String, Object> params, List<ModeResult> results) {
        this.workload = workload;
        this.params = params;
        this.results = results;
    }

    ModeResult get(String mode) {
        return results.stream().filter(r -> r.mode().equals(mode)).findFirst().orElse(null);
    }

    double fastestPeer() {
        return results.stream().filter(ModeResult::peer).mapToDouble(ModeResult::median).min().orElse(Double.NaN);
    }

    String table() {
        StringBuilder sb = new StringBuilder();
        double peer = fastestPeer();
        ModeResult seq = get("seq");
        sb.append(String.format("%s %s, %d cores, %s%n", workload, params, Runtime.getRuntime().availableProcessors(),
                "Java " + Runtime.version()));
        sb.append(String.format("%-10s %-6s %10s %10s %10s %16s %12s%n", "mode", "peer", "median s", "min s", "max s",
                "÷ fastest peer", "speedup/seq"));
        for (ModeResult r : results) {
            sb.append(String.format("%-10s %-6s %10.4f %10.4f %10.4f %16s %12s%n", r.mode(), r.origin(),
                    r.median(), r.min(), r.max(), Double.isNaN(peer) ? "-" : String.format("%.2f", r.median() / peer),
                    seq == null ? "-" : String.format("%.2f", seq.median() / r.median())));
        }
        return sb.toString();
    }

    Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("workload", workload);
        root.put("params", params);
        root.put("cores", Runtime.getRuntime().availableProcessors());
        root.put("java", Runtime.version().toString());
        double peer = fastestPeer();
        ModeResult seq = get("seq");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ModeResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", r.mode());
            m.put("peer", r.peer());
            m.put("seconds", r.seconds());
            m.put("median", r.median());
            m.put("min", r.min());
            m.put("max", r.max());
            m.put("ratioToFastestPeer", Double.isNaN(peer) ? null : r.median() / peer);
            m.put("speedupVsSeq", seq == null ? null : seq.median() / r.median());
            rows.add(m);
        }
        root.put("results", rows);
        return root;
    }

    /** Writes {@code results.json} and {@code <workload>.png} into {@code dir}. */
    void write(Path dir, PrintStream log) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir); // only DIR itself: its parent was checked to exist
        }
        Path json = dir.resolve("results.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), toJson());
        System.setProperty("java.awt.headless", "true");
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title(workload + " " + params).xAxisTitle("mode").yAxisTitle("median seconds (lower is better)").build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("median", results.stream().map(ModeResult::mode).toList(),
                results.stream().map(ModeResult::median).toList());
        Path png = dir.resolve(workload + ".png");
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        log.println("wrote " + json + " and " + png);
    }
}
