package dev.tidepool.forkjoin;

import java.util.ArrayList;
import java.util.List;

/**
 * The failures of one fork-join operation. The first one recorded stops new chunks from starting
 * and is the one re-thrown; the others are attached to it as suppressed exceptions.
 */
final class Group {
    private volatile boolean failed;
    private final List<Throwable> failures = new ArrayList<>(1);

    boolean failed() {
        return failed;
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
            return Unchecked.of(caught);
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
        return Unchecked.of(first);
    }
}
