package dev.tidepool.process;

import dev.tidepool.process.worker.WorkerMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a worker process: the parent's own {@code java}, the pool's class path (the
 * parent's, see {@link ChildClassPath}), or the module path when Tidepool runs as named modules,
 * the JDK options Tidepool needs, and the pool's own.
 */
final class WorkerCommand {
    private WorkerCommand() {}

    /**
     * The command for a worker with {@code jvmOptions} and {@code path} (its class path, or its
     * module path when Tidepool runs as named modules), writing and using the class-data archive
     * {@code archive} when it is not null.
     */
    static List<String> of(List<String> jvmOptions, String path, Path archive) {
        boolean modular = WorkerMain.class.getModule().isNamed();
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("--add-opens");
        cmd.add(modular ? "java.base/java.lang=dev.tidepool.runners" : "java.base/java.lang=ALL-UNNAMED");
        cmd.add("--sun-misc-unsafe-memory-access=allow");
        cmd.add("-XX:+ExitOnOutOfMemoryError"); // out of memory ends the process: a crash, not a half-dead JVM
        cmd.add("-XX:+DisplayVMOutputToStderr"); // the JVM's own messages stay off the frames
        cmd.add("-Xlog:disable");
        cmd.add("-Xlog:all=warning:stderr"); // and so do its log warnings (stdout by default)
        if (archive != null) {
            cmd.add("-XX:+AutoCreateSharedArchive"); // written when a child exits, used by the next ones
            cmd.add("-XX:SharedArchiveFile=" + archive);
        }
        cmd.addAll(jvmOptions);
        String classPath = System.getProperty("java.class.path", "");
        if (modular) {
            cmd.add("--module-path");
            cmd.add(path);
            // Every module of the parent's path: a job class may live in any of them (its package
            // exported to dev.tidepool.process, and opened to Jackson if its input or output is).
            cmd.add("--add-modules");
            cmd.add("ALL-MODULE-PATH");
            if (!classPath.isEmpty()) {
                cmd.add("-cp");
                cmd.add(classPath);
            }
            cmd.add("-m");
            cmd.add(WorkerMain.class.getModule().getName() + "/" + WorkerMain.class.getName());
        } else {
            cmd.add("-cp");
            cmd.add(path);
            cmd.add(WorkerMain.class.getName());
        }
        return cmd;
    }
}
