package dev.tidepool.switches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SwitchTest {
    @Test
    void onUntilTurnedOffThenOffForever() {
        Switch s = Switch.create();
        assertTrue(s.isOn());
        assertFalse(s.isOff());
        s.check();
        s.turnOff();
        s.turnOff();
        assertTrue(s.isOff());
        SwitchOffException e = assertThrows(SwitchOffException.class, s::check);
        assertTrue(e instanceof CancellationException);
        assertTrue(e.getMessage().contains(s.toString()), e.getMessage());
    }

    @Test
    void aChildLivesWithinItsParent() {
        Switch root = Switch.create();
        Switch a = Switch.create(root);
        Switch b = Switch.create(root);
        Switch a1 = Switch.create(a);
        assertSame(root, a.parent().orElseThrow());
        a.turnOff();
        assertTrue(a.isOff() && a1.isOff());
        assertTrue(root.isOn() && b.isOn(), "turning a child off touches neither parent nor siblings");
        root.turnOff();
        assertTrue(b.isOff());
        Switch late = Switch.create(root);
        assertTrue(late.isOff(), "a child of an off switch starts off");
    }

    @Test
    void callbacksRunOnceAndCanBeUnregistered() {
        Switch s = Switch.create();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger removed = new AtomicInteger();
        s.onTurnOff(ran::incrementAndGet);
        Switch.Handle h = s.onTurnOff(removed::incrementAndGet);
        h.close();
        h.close();
        s.onTurnOff(() -> { throw new IllegalStateException("callback failure (expected by test)"); });
        s.onTurnOff(ran::incrementAndGet);
        s.turnOff();
        assertEquals(2, ran.get(), "a throwing callback does not stop the others");
        assertEquals(0, removed.get());
        s.onTurnOff(ran::incrementAndGet);
        assertEquals(3, ran.get(), "registering on an off switch runs the callback at once");
        s.turnOff();
        assertEquals(3, ran.get());
    }

    @Test
    void everyCallbackRunsExactlyOnceUnderRaces() throws Exception {
        int threads = 4;
        for (int round = 0; round < 3000; round++) {
            Switch s = Switch.create();
            AtomicInteger[] counts = new AtomicInteger[threads * 4];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new AtomicInteger();
            }
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                ts.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    for (int k = 0; k < 4; k++) {
                        s.onTurnOff(counts[id * 4 + k]::incrementAndGet);
                        if (k == 1 + id % 2) {
                            s.turnOff();
                        }
                    }
                }));
            }
            for (Thread t : ts) {
                t.join(30_000);
                assertFalse(t.isAlive());
            }
            for (int i = 0; i < counts.length; i++) {
                assertEquals(1, counts[i].get(), "round " + round + ", callback " + i);
            }
        }
    }

    @Test
    void tenMillionShortLivedChildrenKeepMemoryFlat() {
        Switch parent = Switch.create();
        long before = usedHeapAfterGc();
        for (int i = 0; i < 10_000_000; i++) {
            Switch child = Switch.create(parent);
            if ((i & 1) == 0) {
                child.turnOff();
            } else {
                child.close();
            }
        }
        assertEquals(0, parent.registeredCallbacks(), "off children left their parent");
        long grown = usedHeapAfterGc() - before;
        // One leaked callback node per child would be at least 32 bytes each, 320 MB in all.
        assertTrue(grown < 32L << 20, "heap grew by " + grown + " bytes over 10 million children");
        assertTrue(parent.isOn());
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void turnOffAfterADelay() throws Exception {
        Switch s = Switch.create().turnOffAfter(Duration.ofMillis(20));
        CountDownLatch off = new CountDownLatch(1);
        s.onTurnOff(off::countDown);
        assertTrue(off.await(60, TimeUnit.SECONDS), "timer turned the switch off");
        assertTrue(s.isOff());

        Switch early = Switch.create().turnOffAfter(Duration.ofHours(1));
        early.turnOff();
        assertEquals(0, Timer.EXECUTOR.getQueue().size(), "a switch turned off early cancels its timer");
        assertTrue(Switch.create().turnOffAfter(Duration.ofSeconds(Long.MAX_VALUE)).isOn());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Switch.create().turnOffAfter(Duration.ofMillis(-5)));
        assertTrue(e.getMessage().contains("-0.005"), e.getMessage());
    }

    @Test
    void currentIsTheSwitchTheCodeRunsUnder() throws Exception {
        assertTrue(Switch.current().isEmpty());
        Switch s = Switch.create();
        assertSame(s, s.callAsCurrent(() -> Switch.current().orElseThrow()));
        assertTrue(Switch.current().isEmpty());
    }

    @Test
    void badInput() {
        assertEquals("parent", assertThrows(NullPointerException.class, () -> Switch.create(null)).getMessage());
        assertEquals("callback", assertThrows(NullPointerException.class, () -> Switch.create().onTurnOff(null)).getMessage());
        assertEquals("delay", assertThrows(NullPointerException.class, () -> Switch.create().turnOffAfter(null)).getMessage());
        assertEquals("body", assertThrows(NullPointerException.class, () -> Switch.create().callAsCurrent(null)).getMessage());
        assertEquals("body", assertThrows(NullPointerException.class, () -> Switch.callDetached(null)).getMessage());
    }

    @Test
    void detachedCodeHasNoCurrentSwitchAndTheCallerGetsItsOwnBack() throws Exception {
        Switch s = Switch.create();
        String seen = s.callAsCurrent(() -> Switch.callDetached(() -> String.valueOf(Switch.currentOrNull()))
                + " then " + (Switch.currentOrNull() == s ? "s" : String.valueOf(Switch.currentOrNull())));
        assertEquals("null then s", seen);
        assertEquals("null", Switch.callDetached(() -> String.valueOf(Switch.currentOrNull())), "outside any switch too");
    }
}
