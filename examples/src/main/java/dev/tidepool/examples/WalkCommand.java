package dev.tidepool.examples;

import dev.tidepool.runners.WsPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code walk}: the parallel directory walk against {@code Files.walk}. */
@Command(name = "walk", mixinStandardHelpOptions = true,
        description = "Count directories, files and bytes under a directory with one task per directory, and with Files.walk.")
final class WalkCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--root", description = "directory to walk (default: ${DEFAULT-VALUE})", defaultValue = ".")
    Path root;

    @Mixin
    Workers workers;

    @Override
    public Integer call() throws Exception {
        int j = workers.count(spec.commandLine());
        if (!Files.isDirectory(root)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--root " + root + ": "
                    + (Files.exists(root) ? "not a directory" : "no such directory"));
        }
        try (WsPool pool = WsPool.builder().name("walk").threads(j).build()) {
            Cli.Timed<DirWalk.Totals> seq = Cli.time(3, () -> DirWalk.sequential(root));
            Cli.Timed<DirWalk.Totals> par = Cli.time(3, () -> DirWalk.parallel(pool, root));
            print("Files.walk", seq);
            print("one task per directory", par);
            System.out.printf("speedup over Files.walk: %.2fx (%d workers)%n", seq.seconds() / par.seconds(), j);
            return Cli.check("totals equal Files.walk's", seq.value().equals(par.value()));
        }
    }

    private static void print(String label, Cli.Timed<DirWalk.Totals> t) {
        DirWalk.Totals r = t.value();
        System.out.printf("%-24s %,8d dirs %,9d files %,15d bytes in %.3fs (median of 3)%n",
                label + ":", r.dirs(), r.files(), r.bytes(), t.seconds());
    }
}
