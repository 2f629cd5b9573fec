package dev.tidepool.examples;

import dev.tidepool.cli.CliProgress;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** What the example commands share: timing, checks and a scratch directory. */
final class Cli {
    private Cli() {}

    /** A result and the median time of the runs that produced it. */
    record Timed<T>(T value, double seconds) {}

    /** Runs {@code body} once to warm up, then {@code repeats} times; the last value and the median time. */
    static <T> Timed<T> time(int repeats, Callable<T> body) throws Exception {
        return time(repeats, body, CliProgress.none(), "");
    }

    /** Same as {@link #time(int, Callable)}, one step of {@code progress} per run (repeats + 1 in all). */
    static <T> Timed<T> time(int repeats, Callable<T> body, CliProgress progress, String what) throws Exception {
        progress.working(what + " (warm-up)");
        body.call();
        progress.step();
        double[] s = new double[repeats];
        T value = null;
        for (int i = 0; i < repeats; i++) {
            progress.working(what);
            long start = System.nanoTime();
            value = body.call();
            s[i] = (System.nanoTime() - start) / 1e9;
            progress.step();
        }
        Arrays.sort(s);
        return new Timed<>(value, s[repeats / 2]);
    }

    /** Prints {@code check: <what>: OK} or {@code FAILED}; returns the exit code, 0 or 1. */
    static int check(String what, boolean ok) {
        System.out.println("check: " + what + ": " + (ok ? "OK" : "FAILED"));
        return ok ? 0 : 1;
    }

    /** Deletes {@code dir} and everything under it, not following links. */
    static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
