package dev.tidepool.process;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a program the way {@code mvn exec:java} does: this class alone is on the JVM's class
 * path, and the program (Tidepool, its jobs) is loaded by a {@link URLClassLoader} over the class
 * path given as the first argument. Calls {@link IsolatedProgram#main} through it. Used by
 * {@link ChildClassPathTest}; it must not refer to any other class of the project.
 */
public final class IsolatedLauncher {
    private IsolatedLauncher() {}

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : args[0].split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        try (URLClassLoader program = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(program);
            Method main = program.loadClass("dev.tidepool.process.IsolatedProgram").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[0]);
        }
    }
}
