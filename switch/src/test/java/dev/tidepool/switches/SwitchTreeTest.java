package dev.tidepool.switches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Switch trees of any depth or width, and callbacks that throw errors. */
class SwitchTreeTest {
    @Test
    void turningOffTheRootOfADeepChainTurnsOffEveryDescendant() {
        for (int depth : new int[] {3_000, 10_000, 200_000}) {
            Switch root = Switch.create();
            List<Switch> chain = new ArrayList<>(depth);
            Switch s = root;
            for (int i = 0; i < depth; i++) {
                s = Switch.create(s);
                chain.add(s);
            }
            root.turnOff();
            long stillOn = chain.stream().filter(Switch::isOn).count();
            assertEquals(0, stillOn, "descendants still on after turning off the root of a chain of " + depth);
            assertTrue(assertThrows(SwitchOffException.class, chain.get(depth - 1)::check)
                    .getMessage().contains("[off]"), "toString still works after a deep turn-off");
        }
    }

    @Test
    void callbacksOfADeepTreeRunOnceEachInDepthFirstOrder() {
        // root -> a -> a1, root -> b; callbacks registered in the order: r1, a, b, r2 (a's and b's
        // nodes are the child links); a has x then a1 then y; a1 has z.
        Switch root = Switch.create();
        List<String> order = new ArrayList<>();
        root.onTurnOff(() -> order.add("r1"));
        Switch a = Switch.create(root);
        Switch b = Switch.create(root);
        root.onTurnOff(() -> order.add("r2"));
        a.onTurnOff(() -> order.add("x"));
        Switch a1 = Switch.create(a);
        a.onTurnOff(() -> order.add("y"));
        a1.onTurnOff(() -> order.add("z"));
        b.onTurnOff(() -> order.add("w"));
        root.turnOff();
        assertEquals(List.of("r1", "x", "z", "y", "w", "r2"), order);
    }

    @Test
    void anErrorInACallbackIsRethrownAfterEveryOtherCallbackRan() {
        Switch root = Switch.create();
        Switch child = Switch.create(root);
        List<String> ran = new ArrayList<>();
        StackOverflowError first = new StackOverflowError("first (expected by test)");
        OutOfMemoryError second = new OutOfMemoryError("second (expected by test)");
        root.onTurnOff(() -> ran.add("before"));
        child.onTurnOff(() -> {
            throw first;
        });
        child.onTurnOff(() -> ran.add("child"));
        root.onTurnOff(() -> {
            throw second;
        });
        root.onTurnOff(() -> {
            throw new IllegalStateException("logged, not thrown (expected by test)");
        });
        root.onTurnOff(() -> ran.add("after"));
        StackOverflowError thrown = assertThrows(StackOverflowError.class, root::turnOff);
        assertSame(first, thrown);
        assertSame(second, thrown.getSuppressed()[0]);
        assertEquals(List.of("child", "before", "after"), ran, "the child (created first) runs first");
        assertTrue(root.isOff() && child.isOff());
        root.turnOff(); // nothing left to run, nothing thrown
    }

    @Test
    void anErrorFromACallbackOnAnOffSwitchIsThrownToTheRegisteringThread() {
        Switch off = Switch.create();
        off.turnOff();
        AssertionError boom = new AssertionError("expected by test");
        assertSame(boom, assertThrows(AssertionError.class, () -> off.onTurnOff(() -> {
            throw boom;
        })));
    }
}
