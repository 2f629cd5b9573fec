package dev.tidepool.runners.tck;

import dev.tidepool.futures.TaskLocal;
import dev.tidepool.runners.Runner;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of {@link RunnerConformance} that needs a JVM where no task-local value was set yet
 * (until then Tidepool takes a fast path that saves and restores nothing, and a runner's
 * {@code TaskContext.clear()} is what keeps a value a task set from the next task on its thread).
 * The conformance test starts a child JVM on this class with the test class's name; the child makes
 * a runner with the test's {@code newRunner}, submits one task that sets a value and many that read
 * it, all before any value is set, and prints what the readers that ran on the setter's thread
 * after it saw. Not API: the kit's entry point in that child JVM.
 */
public final class FreshJvmProbe {
    private static final String INITIAL = "initial";

    private FreshJvmProbe() {}

    /** What the child JVM saw. */
    record Result(int onSetterThread, List<String> leaked) {}

    /** Runs the probe in a child JVM for {@code testClass}; its result. */
    static Result run(Class<?> testClass) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
                FreshJvmProbe.class.getName(), testClass.getName())).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the fresh-JVM probe still runs after 120 s:\n" + out);
        }
        int on = -1;
        List<String> leaked = new ArrayList<>();
        for (String line : out.lines().toList()) {
            if (line.startsWith("on-setter-thread ")) {
                on = Integer.parseInt(line.substring("on-setter-thread ".length()));
            } else if (line.startsWith("leaked ")) {
                leaked.add(line.substring("leaked ".length()));
            }
        }
        if (p.exitValue() != 0 || on < 0) {
            throw new AssertionError("the fresh-JVM probe failed (exit " + p.exitValue() + "):\n" + out);
        }
        return new Result(on, leaked);
    }

    /**
     * The child JVM's main.
     *
     * @param args the name of a subclass of {@link RunnerConformance} with a no-argument constructor
     * @throws Exception if the runner cannot be made or the probe is interrupted
     */
    public static void main(String[] args) throws Exception {
        Constructor<?> make = Class.forName(args[0]).getDeclaredConstructor();
        make.setAccessible(true);
        RunnerConformance test = (RunnerConformance) make.newInstance();
        Method newRunner = RunnerConformance.class.getDeclaredMethod("newRunner", String.class);
        newRunner.setAccessible(true);
        Runner runner = (Runner) newRunner.invoke(test, "fresh-probe");
        TaskLocal<String> local = TaskLocal.create("probe", INITIAL);
        CountDownLatch set = new CountDownLatch(1);
        Thread[] setter = new Thread[1];
        int readers = Math.max(64, 4 * runner.size());
        CountDownLatch read = new CountDownLatch(readers);
        AtomicInteger onSetter = new AtomicInteger();
        List<String> leaked = Collections.synchronizedList(new ArrayList<>());
        // Every task is submitted before any value is set (the setter waits for that): none of them
        // carries a snapshot, so each runs with whatever its thread holds.
        CountDownLatch submitted = new CountDownLatch(1);
        runner.run(() -> {
            setter[0] = Thread.currentThread();
            try {
                submitted.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            local.set("set by a task");
            set.countDown();
        });
        for (int i = 0; i < readers; i++) {
            runner.run(() -> {
                try {
                    set.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (Thread.currentThread() == setter[0]) {
                    onSetter.incrementAndGet();
                    String v = local.get();
                    if (!INITIAL.equals(v)) {
                        leaked.add(v);
                    }
                }
                read.countDown();
            });
        }
        submitted.countDown();
        boolean done = read.await(60, TimeUnit.SECONDS);
        System.out.println("on-setter-thread " + onSetter.get());
        for (String v : leaked) {
            System.out.println("leaked " + v);
        }
        System.out.flush();
        runner.shutdownNow();
        System.exit(done ? 0 : 3);
    }
}
