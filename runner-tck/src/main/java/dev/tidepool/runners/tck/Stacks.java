package dev.tidepool.runners.tck;

import java.util.Map;

/** Every platform thread's stack, for the message of a check that is stuck. */
final class Stacks {
    private Stacks() {}

    static String all() {
        StringBuilder b = new StringBuilder("threads of this JVM:\n");
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            b.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState()).append('\n');
            for (StackTraceElement s : e.getValue()) {
                b.append("    at ").append(s).append('\n');
            }
        }
        return b.toString();
    }
}
