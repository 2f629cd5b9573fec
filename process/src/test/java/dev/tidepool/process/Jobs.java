package dev.tidepool.process;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** The jobs the tests run in child JVMs: public, with public no-argument constructors. */
public final class Jobs {
    private Jobs() {}

    /** Input of {@link Square}. */
    public record In(int x) {}

    /** Output of {@link Square}: the square and the process that computed it. */
    public record Out(long square, long pid) {}

    /** Squares its input. */
    public static final class Square implements Job<In, Out> {
        @Override
        public Out run(In input, JobContext ctx) {
            return new Out((long) input.x() * input.x(), ProcessHandle.current().pid());
        }
    }

    /** Sums the squares of 0..n-1, one task each on its worker process's own pool. */
    public static final class SumOfSquares implements Job<Integer, Long> {
        @Override
        public Long run(Integer n, JobContext ctx) {
            dev.tidepool.runners.Runner pool = dev.tidepool.runners.Runner.current().orElseThrow();
            java.util.List<dev.tidepool.futures.Fut<Long>> parts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long x = i;
                parts.add(pool.spawn("square " + i, () -> x * x));
            }
            return parts.stream().mapToLong(dev.tidepool.futures.Fut::await).sum();
        }
    }

    /** Throws. */
    public static final class Boom implements Job<String, String> {
        @Override
        public String run(String input, JobContext ctx) {
            throw new IllegalStateException("boom: " + input);
        }
    }

    /** Prints to stderr, then ends its JVM with {@code System.exit(3)}. */
    public static final class Exit implements Job<String, String> {
        @Override
        public String run(String input, JobContext ctx) {
            System.err.println("about to exit: " + input);
            System.exit(3);
            return "unreachable";
        }
    }

    /** {@code Runtime.halt(5)}. */
    public static final class Halt implements Job<String, String> {
        @Override
        public String run(String input, JobContext ctx) {
            Runtime.getRuntime().halt(5);
            return "unreachable";
        }
    }

    /** Allocates until the heap is full. */
    public static final class Hog implements Job<String, Integer> {
        @Override
        public Integer run(String input, JobContext ctx) {
            List<long[]> all = new ArrayList<>();
            for (;;) {
                all.add(new long[1 << 20]);
            }
        }
    }

    /** Says its pid as progress, then spins for ever (a job stuck in a loop). */
    public static final class Spin implements Job<String, String> {
        @Override
        public String run(String input, JobContext ctx) {
            ctx.progress(Long.toString(ProcessHandle.current().pid()));
            long x = 0;
            while (x != -1) {
                x++;
            }
            return "unreachable";
        }
    }

    /**
     * Says its pid as progress, then spins until the parent stops it, checking as a cooperative
     * job does: half the time through its context, half through {@code Switch.current()}.
     */
    public static final class SpinUntilCancelled implements Job<String, String> {
        @Override
        public String run(String input, JobContext ctx) {
            ctx.progress(Long.toString(ProcessHandle.current().pid()));
            dev.tidepool.switches.Switch sw = dev.tidepool.switches.Switch.current().orElseThrow();
            for (long x = 0; ; x++) {
                if ((x & 1) == 0 ? ctx.isCancelled() : sw.isOff()) {
                    return "stopped after " + x;
                }
            }
        }
    }

    /** Says its pid as progress, then waits for ever (killed from outside in the test). */
    public static final class Wait implements Job<String, String> {
        @Override
        public String run(String input, JobContext ctx) throws InterruptedException {
            ctx.progress(Long.toString(ProcessHandle.current().pid()));
            new CountDownLatch(1).await();
            return "unreachable";
        }
    }

    /** Reports progress as text and as a fraction, prints to System.out, and answers. */
    public static final class Chatty implements Job<String, String> {
        @Override
        public String run(String input, JobContext ctx) {
            ctx.progress("half of " + input);
            ctx.progress(0.5);
            System.out.println("a job's own print, which must not break the protocol");
            return "done " + input;
        }
    }

    /** Writes a line that is not a frame to the process's real stdout. */
    public static final class Garbage implements Job<String, String> {
        @Override
        public String run(String input, JobContext ctx) throws Exception {
            FileOutputStream out = new FileOutputStream(FileDescriptor.out);
            out.write("this is not a frame\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(60_000); // killed before: the parent sees the line first
            return "unreachable";
        }
    }

    /** An output Jackson writes as {"value":1} but cannot read back (no setter, no creator). */
    public static final class OneWay {
        /** @return 1 */
        public int getValue() {
            return 1;
        }
    }

    /** Returns a {@link OneWay}: the parent cannot read its output. */
    public static final class WrongOutput implements Job<String, OneWay> {
        @Override
        public OneWay run(String input, JobContext ctx) {
            return new OneWay();
        }
    }

    /** A job whose class has no public no-argument constructor. */
    public static final class NoConstructor implements Job<String, String> {
        public NoConstructor(int unused) {}

        @Override
        public String run(String input, JobContext ctx) {
            return input;
        }
    }

    /** Any input: the test gives one Jackson cannot write. */
    public static final class Unwritable implements Job<Object, String> {
        @Override
        public String run(Object input, JobContext ctx) {
            return "unreachable";
        }
    }

    /** Its input with "!" appended: strings of any size and content travel both ways. */
    public static final class Echo implements Job<String, String> {
        @Override
        public String run(String input, JobContext ctx) {
            return input + "!";
        }
    }

    /** A node of a linked structure, for inputs with cycles. */
    public static final class Node {
        public int value;
        public Node next;
    }

    /** Any node: the test gives a cyclic one. */
    public static final class Walk implements Job<Node, Integer> {
        @Override
        public Integer run(Node input, JobContext ctx) {
            return input.value;
        }
    }

    /** Creates the file its input names: whether it ran at all is visible outside. */
    public static final class Touch implements Job<String, String> {
        @Override
        public String run(String path, JobContext ctx) throws Exception {
            java.nio.file.Files.writeString(java.nio.file.Path.of(path), "ran");
            return path;
        }
    }

    /**
     * Starts {@code sleep 300} (its output discarded, or inherited with "inherit"), says its pid as
     * progress, then does what its input's last word says: "spin" for ever, "exit" with
     * {@code System.exit(7)}, or "halt" with {@code Runtime.halt(7)}.
     */
    public static final class Subprocess implements Job<String, String> {
        @Override
        public String run(String input, JobContext ctx) throws Exception {
            ProcessBuilder pb = new ProcessBuilder("sleep", "300");
            if (input.startsWith("inherit")) {
                pb.inheritIO();
            } else {
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            }
            Process sleep = pb.start();
            ctx.progress(Long.toString(sleep.pid()));
            if (input.endsWith("exit")) {
                System.exit(7);
            } else if (input.endsWith("halt")) {
                Runtime.getRuntime().halt(7);
            }
            for (long x = 0; x != -1; x++) {
                Thread.onSpinWait();
            }
            return "unreachable";
        }
    }
}
