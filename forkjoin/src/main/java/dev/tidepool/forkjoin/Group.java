package dev.tidepool.forkjoin;

import dev.tidepool.futures.TaskContext;
import dev.tidepool.futures.spi.Rethrow;
import dev.tidepool.switches.Switch;
import java.util.ArrayList;
import java.util.List;

/**
 * The failures and the switch of one fork-join operation. The first failure recorded stops new
 * chunks from starting and is the one re-thrown; the others are attached to it as suppressed
 * exceptions. A switch turned off also stops new chunks. Each call of the body (a chunk or a
 * piece of one) runs with the caller's task-local values, whatever another call set.
 */
final class Group {
    /** The switch of the caller, or null. */
    final Switch sw;
    /** The caller's task-local values, which every chunk starts with; null while none were ever set. */
    final TaskContext context;
    private volatile boolean failed;
    /**
     * Indices of the range that take about {@link Pieces#TARGET_MICROS} µs, learnt by
     * {@link Pieces}; 0 until measured. A hint shared by the workers of the operation: plain reads
     * and writes, whose races only make a piece longer or shorter once.
     */
    int piece;
    /**
     * The body's cost per call in ns, beyond its cost per index, learnt by {@link Pieces}; 0 until
     * a piece much larger than the one before took about as long. A hint like {@link #piece}.
     */
    long perCall;
    /** Chunks run whole since the last timed one (a hint, like {@link #piece}). */
    int untimed;
    private final List<Throwable> failures = new ArrayList<>(1);

    Group(Switch sw, TaskContext context) {
        this.sw = sw;
        this.context = context;
    }

    /** Whether no new chunk should start: a part failed, or the switch is off. */
    boolean stopped() {
        return failed || (sw != null && sw.isOff());
    }

    /** Throws if the operation was cut short by its switch. */
    void checkSwitch() {
        if (sw != null) {
            sw.check();
        }
    }

    synchronized void record(Throwable e) {
        if (!failures.contains(e)) {
            failures.add(e);
        }
        failed = true;
    }

    /** The exception to throw once the operation has unwound with {@code caught}. */
    synchronized RuntimeException finish(Throwable caught) {
        if (failures.isEmpty()) {
            return Rethrow.unchecked(caught);
        }
        Throwable first = failures.get(0);
        List<Throwable> later = new ArrayList<>(failures.subList(1, failures.size()));
        if (caught != first && !later.contains(caught)) {
            later.add(caught);
        }
        for (Throwable t : later) {
            if (t != first) {
                first.addSuppressed(t);
            }
        }
        return Rethrow.unchecked(first);
    }
}
