package dev.tidepool.process;

import dev.tidepool.process.worker.WorkerMain;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class path the children start with when the builder names none. Usually the parent's own
 * ({@code java.class.path}). A parent whose Tidepool classes come from a class loader of its own
 * rather than from the class path ({@code mvn exec:java} runs the program in Maven's JVM, whose
 * class path is Maven's launcher) has them from a {@link URLClassLoader}: its URLs, and those of
 * the URL class loaders above it, are the class path. Any other class loader cannot be read: the
 * builder's {@code classPath} must then be given, and the pool says so at once.
 */
final class ChildClassPath {
    private ChildClassPath() {}

    /** The children's class path (or module path, when Tidepool runs as named modules). */
    static String find(String pool) {
        if (WorkerMain.class.getModule().isNamed()) {
            return System.getProperty("jdk.module.path", "");
        }
        ClassLoader loader = WorkerMain.class.getClassLoader();
        if (loader == ClassLoader.getSystemClassLoader()) {
            return System.getProperty("java.class.path", "");
        }
        List<String> entries = new ArrayList<>();
        ClassLoader system = ClassLoader.getSystemClassLoader();
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        for (ClassLoader l = loader; l != null && l != system && l != platform; l = l.getParent()) {
            if (!(l instanceof URLClassLoader u)) {
                throw new IllegalStateException("process pool '" + pool + "': Tidepool was loaded by " + l
                        + ", whose class path a worker process cannot be given; name it with"
                        + " ProcessPool.builder().classPath(...)");
            }
            for (URL url : u.getURLs()) {
                entries.add(toPath(url, pool));
            }
        }
        String parent = System.getProperty("java.class.path", "");
        if (!parent.isEmpty()) {
            entries.add(parent);
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String toPath(URL url, String pool) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new IllegalStateException("process pool '" + pool + "': " + url + " on Tidepool's class path is not a"
                    + " local file or directory; name the workers' class path with ProcessPool.builder().classPath(...)", e);
        }
    }
}
