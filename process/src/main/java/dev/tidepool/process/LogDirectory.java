package dev.tidepool.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes the temporary log directory a pool made for itself, once its children are gone. */
final class LogDirectory {
    private LogDirectory() {}

    /** Deletes {@code dir} and what is in it; a file that cannot be deleted is left, silently. */
    static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // in use or not ours to delete: leave it
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // gone already, or unreadable: nothing more to do
        }
    }
}
