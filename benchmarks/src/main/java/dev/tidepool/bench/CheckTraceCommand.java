package dev.tidepool.bench;

import dev.tidepool.tracing.TraceCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code check-trace}: checks trace files against Perfetto's JSON import rules. */
@Command(name = "check-trace", mixinStandardHelpOptions = true,
        description = "Check Chrome-trace JSON files against Perfetto's import rules; exit 1 if one fails.")
final class CheckTraceCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "trace files")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        int failed = 0;
        for (Path f : files) {
            TraceCheck.Report r = TraceCheck.check(f);
            System.out.println(f + ": " + r.events() + " events " + r.phases() + ", " + r.threadNames().size()
                    + " threads " + r.threadNames().values().stream().sorted().toList() + ": "
                    + (r.ok() ? "OK" : r.problems().size() + " problems"));
            r.problems().forEach(p -> System.out.println("  " + p));
            failed += r.ok() ? 0 : 1;
        }
        return failed == 0 ? 0 : 1;
    }
}
