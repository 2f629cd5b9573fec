package dev.tidepool.examples;

import dev.tidepool.cli.CliProgress;
import dev.tidepool.runners.WsPool;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code compress}: Deflater over blobs with fork-join, against a loop and a parallel stream. */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = {"Compress blobs in parallel, one fork-join part per blob, and check the round trip.",
            "Uses java.util.zip.Deflater and Inflater, timed against a plain loop and IntStream.parallel()."})
final class CompressCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--blobs", description = "number of blobs (default: ${DEFAULT-VALUE})", defaultValue = "64")
    int blobs;

    @Option(names = "--size", description = "bytes per blob (default: ${DEFAULT-VALUE})", defaultValue = "1048576")
    int size;

    @Option(names = "--level", description = "Deflater level, 0-9 (default: ${DEFAULT-VALUE})", defaultValue = "6")
    int level;

    @Mixin
    Workers workers;

    @Override
    public Integer call() throws Exception {
        if (blobs < 1 || size < 1 || level < 0 || level > 9) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "need --blobs >= 1, --size >= 1 and --level in 0-9: " + blobs + ", " + size + ", " + level);
        }
        int j = workers.count(spec.commandLine());
        List<byte[]> data = Compression.blobs(blobs, size, 7);
        try (WsPool pool = WsPool.builder().name("compress").threads(j).build()) {
            Cli.Timed<List<byte[]>> seq;
            Cli.Timed<List<byte[]>> tp;
            Cli.Timed<List<byte[]>> stream;
            List<byte[]> back;
            try (CliProgress progress = CliProgress.start("compress", 3 * 4 + 1)) { // ends before the results
                seq = Cli.time(3, () -> data.stream().map(b -> Compression.deflate(b, level)).toList(), progress, "loop");
                tp = Cli.time(3, () -> pool.spawn(() -> Compression.deflateAll(data, level)).await(), progress, "fork-join");
                stream = Cli.time(3, () -> IntStream.range(0, data.size()).parallel()
                        .mapToObj(i -> Compression.deflate(data.get(i), level)).toList(), progress, "IntStream.parallel()");
                progress.working("decompress");
                List<byte[]> compressed = tp.value();
                back = pool.spawn(() -> Compression.inflateAll(compressed)).await();
                progress.step();
            }
            long in = (long) blobs * size;
            long out = tp.value().stream().mapToLong(b -> b.length).sum();
            System.out.printf("%,d blobs of %,d bytes -> %,d bytes (%.1f%%), level %d, %d workers%n",
                    blobs, size, out, 100.0 * out / in, level, j);
            System.out.printf("%-30s %.3fs%n", "loop:", seq.seconds());
            System.out.printf("%-30s %.3fs  speedup %.2fx%n", "fork-join on WsPool:", tp.seconds(), seq.seconds() / tp.seconds());
            System.out.printf("%-30s %.3fs  speedup %.2fx%n", "IntStream.parallel():", stream.seconds(), seq.seconds() / stream.seconds());
            System.out.printf("fork-join time / IntStream.parallel() time: %.2f (median of 3 each)%n", tp.seconds() / stream.seconds());
            return Cli.check("decompressed blobs are byte-identical to the originals, and compression matches the loop's",
                    sameBytes(back, data) && sameBytes(tp.value(), seq.value()));
        }
    }

    static boolean sameBytes(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
