package dev.tidepool.examples;

import dev.tidepool.runners.WsPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imports}: the import-graph traversal, parallel against sequential. */
@Command(name = "imports", mixinStandardHelpOptions = true,
        description = {"Traverse an import graph sequentially and with one task per file, and check that both agree.",
            "The graph is a generated tree of files with import lines, cycles and missing files included."})
final class ImportsCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--files", description = "files to generate (default: ${DEFAULT-VALUE})", defaultValue = "5000")
    int files;

    @Option(names = "--broken", description = "files with a malformed import line (default: ${DEFAULT-VALUE})", defaultValue = "0")
    int broken;

    @Option(names = "--stop-on-error", description = "stop at the first file that does not parse")
    boolean stopOnError;

    @Option(names = "--seed", description = "generator seed (default: ${DEFAULT-VALUE})", defaultValue = "42")
    long seed;

    @Mixin
    Workers workers;

    @Override
    public Integer call() throws Exception {
        if (files < 1 || broken < 0 || broken > files) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "need --files >= 1 and 0 <= --broken <= --files: " + files + ", " + broken);
        }
        int j = workers.count(spec.commandLine());
        Path dir = Files.createTempDirectory("tidepool-imports");
        try (WsPool pool = WsPool.builder().name("imports").threads(j).build()) {
            int written = ImportFiles.generate(dir, files, broken, seed);
            System.out.printf("generated %,d files in %s%n", written, dir);
            Cli.Timed<ImportGraph.Result> seq = Cli.time(3, () -> ImportGraph.sequential(dir, false));
            print("sequential", seq);
            if (!stopOnError) {
                Cli.Timed<ImportGraph.Result> par = Cli.time(3, () -> ImportGraph.parallel(pool, dir, false));
                Cli.Timed<ImportGraph.Result> peer;
                try (ForkJoinPool fjp = new ForkJoinPool(j)) {
                    peer = Cli.time(3, () -> ImportGraphPeer.traverse(fjp, dir));
                }
                print("parallel (" + j + " workers)", par);
                print("ForkJoinPool peer", peer);
                System.out.printf("speedup over sequential: %.2fx; parallel time / ForkJoinPool peer time: %.2f%n",
                        seq.seconds() / par.seconds(), par.seconds() / peer.seconds());
                return Cli.check("parallel traversal (and the peer) find the same files, imports, missing names and errors as sequential",
                        par.value().equals(seq.value()) && peer.value().equals(seq.value()));
            }
            ImportGraph.Result stopped = ImportGraph.parallel(pool, dir, true);
            System.out.printf("parallel, stopping at the first error: %,d of %,d files parsed; stopped by: %s%n",
                    stopped.imports().size(), seq.value().imports().size(), String.join(" | ", stopped.errors()));
            return Cli.check("the traversal stopped on one error the full traversal also finds, and parsed files alike",
                    stopped.agreesAsStoppedWith(seq.value()));
        } finally {
            Cli.deleteTree(dir);
        }
    }

    private static void print(String label, Cli.Timed<ImportGraph.Result> t) {
        ImportGraph.Result r = t.value();
        System.out.printf("%-22s %,6d files parsed, %,4d names not found, %d errors in %.3fs (median of 3)%n",
                label + ":", r.imports().size(), r.notFound().size(), r.errors().size(), t.seconds());
    }
}
