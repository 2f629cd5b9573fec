package dev.tidepool.examples;

import dev.tidepool.futures.Fut;
import dev.tidepool.runners.Runner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Counts the directories, other entries and their bytes under a directory, like
 * {@code du --apparent-size}: with one task per directory, and with {@link Files#walk} for
 * comparison. Links are counted as entries, never followed, as {@code Files.walk} does by default.
 */
final class DirWalk {
    private DirWalk() {}

    /**
     * Totals of a tree.
     *
     * @param dirs directories, the root included
     * @param files every other entry (files, links, devices)
     * @param bytes the sizes of those other entries
     */
    record Totals(long dirs, long files, long bytes) {
        Totals plus(Totals o) {
            return new Totals(dirs + o.dirs, files + o.files, bytes + o.bytes);
        }
    }

    /** {@link Files#walk} on the calling thread. */
    static Totals sequential(Path root) throws IOException {
        long dirs = 0;
        long files = 0;
        long bytes = 0;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isDirectory()) {
                    dirs++;
                } else {
                    files++;
                    bytes += a.size();
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Totals(dirs, files, bytes);
    }

    /**
     * One task per directory on {@code pool}: each lists its directory, spawns a task for each
     * sub-directory, adds up its other entries and then the totals its children return.
     *
     * @throws IOException if a directory cannot be listed, as {@code Files.walk} would
     */
    static Totals parallel(Runner pool, Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("not a directory: " + root);
        }
        try {
            return pool.spawn(() -> walk(pool, root)).await();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Totals walk(Runner pool, Path dir) {
        List<Fut<Totals>> children = new ArrayList<>();
        long files = 0;
        long bytes = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isDirectory()) {
                    children.add(pool.spawn(() -> walk(pool, p)));
                } else {
                    files++;
                    bytes += a.size();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Totals t = new Totals(1, files, bytes);
        for (Fut<Totals> c : children) {
            t = t.plus(c.await());
        }
        return t;
    }
}
