package dev.tidepool.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Other load on the machine while a benchmark measures ({@code --cotenant N}): N threads that
 * spin in another JVM started at nice 19, the way a build or a batch job shares a server's cores.
 * It starts before the measurement (the constructor returns once every thread spins) and stops
 * when closed; it also exits by itself when this JVM ends, since its standard input then closes.
 */
final class Cotenant implements AutoCloseable {
    private static final String READY = "spinning";
    @SuppressWarnings("unused") // written by the spinning threads only
    private static volatile long sink;
    private final Process process;
    private final String description;

    private Cotenant(Process process, String description) {
        this.process = process;
        this.description = description;
    }

    /** Starts {@code threads} spinning threads in another process; none for 0. */
    static Cotenant start(int threads) throws IOException {
        if (threads == 0) {
            return new Cotenant(null, "none");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        boolean nice = Files.isExecutable(Path.of("/usr/bin/nice")) || Files.isExecutable(Path.of("/bin/nice"));
        List<String> command = new ArrayList<>();
        if (nice) {
            command.addAll(List.of("nice", "-n", "19"));
        }
        command.addAll(List.of(java.toString(), "-cp", System.getProperty("java.class.path"), Cotenant.class.getName(),
                Integer.toString(threads)));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!READY.equals(line)) {
            p.destroyForcibly();
            throw new IOException("the co-tenant process did not start: " + (line == null ? "it exited with "
                    + waitExit(p) : "it said " + line));
        }
        return new Cotenant(p, threads + " busy thread" + (threads == 1 ? "" : "s") + " in another JVM"
                + (nice ? " at nice 19" : " (no nice command: at normal priority)") + ", pid " + p.pid());
    }

    private static int waitExit(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** What runs beside the benchmark, for its report. */
    String description() {
        return description;
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The co-tenant process: spins {@code args[0]} threads until its standard input ends. */
    public static void main(String[] args) throws IOException {
        int threads = Integer.parseInt(args[0]);
        for (int i = 0; i < threads; i++) {
            Thread.ofPlatform().daemon().name("cotenant-" + i).start(() -> {
                for (long x = 1; ; x = x * 6364136223846793005L + 1442695040888963407L) {
                    sink = x; // a volatile store: the loop cannot be removed
                }
            });
        }
        System.out.println(READY);
        System.out.flush();
        while (System.in.read() != -1) {
            // nothing is sent: the parent's end closes the pipe
        }
        System.exit(0);
    }
}
