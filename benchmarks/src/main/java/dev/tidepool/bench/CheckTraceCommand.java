package dev.tidepool.bench;

import dev.tidepool.cli.CliPaths;
import dev.tidepool.tracing.TraceCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code check-trace}: checks trace files against Perfetto's JSON import rules. */
@Command(name = "check-trace", mixinStandardHelpOptions = true,
        description = "Check Chrome-trace JSON files against Perfetto's import rules; exit 1 if one fails.")
final class CheckTraceCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "trace files")
    List<Path> files;

    /** Thread names listed in the summary line; the rest are counted. */
    static final int NAMES_SHOWN = 6;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        for (Path f : files) {
            CliPaths.checkInput(spec.commandLine(), f);
        }
        int failed = 0;
        for (Path f : files) {
            TraceCheck.Report r = TraceCheck.check(f);
            System.out.println(f + ": " + r.events() + " events " + r.phases() + ", " + threads(r.threadNames().values())
                    + ": " + (r.ok() ? "OK" : r.problems().size() + " problems"));
            r.problems().forEach(p -> System.out.println("  " + p));
            failed += r.ok() ? 0 : 1;
        }
        return failed == 0 ? 0 : 1;
    }

    /** "3 threads [a, b, c]", or the first {@link #NAMES_SHOWN} sorted names and "and N more". */
    static String threads(Collection<String> names) {
        List<String> sorted = names.stream().sorted().toList();
        if (sorted.size() <= NAMES_SHOWN) {
            return sorted.size() + " threads " + sorted;
        }
        return sorted.size() + " threads [" + String.join(", ", sorted.subList(0, NAMES_SHOWN))
                + " and " + (sorted.size() - NAMES_SHOWN) + " more]";
    }
}
