package dev.tidepool.runners;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the work-stealing deque against a sequential deque: the owner pushes and pops
 * at one end (Lincheck keeps the operations of the "owner" group on one thread), any thread steals
 * at the other. The deque starts with room for 2 tasks, so scenarios also cross its growth.
 */
public class WsDequeLincheckTest {
    private final WsDeque deque = new WsDeque(2);

    public record Task(int id) implements Runnable {
        @Override
        public void run() {}
    }

    @Operation(nonParallelGroup = "owner")
    public void push(int id) {
        deque.push(new Task(id));
    }

    @Operation(nonParallelGroup = "owner")
    public Integer pop() {
        return id(deque.pop());
    }

    @Operation
    public Integer steal() {
        return id(deque.steal());
    }

    private static Integer id(Runnable r) {
        return r == null ? null : ((Task) r).id();
    }

    /** The sequential specification: a double-ended queue. */
    public static final class Spec {
        private final ArrayDeque<Integer> d = new ArrayDeque<>();

        public void push(int id) {
            d.addLast(id);
        }

        public Integer pop() {
            return d.pollLast();
        }

        public Integer steal() {
            return d.pollFirst();
        }
    }

    @Test
    void modelChecking() {
        Runs.modelChecking().sequentialSpecification(Spec.class)
                .check(WsDequeLincheckTest.class);
    }

    @Test
    void stress() {
        Runs.stress().sequentialSpecification(Spec.class)
                .check(WsDequeLincheckTest.class);
    }
}
