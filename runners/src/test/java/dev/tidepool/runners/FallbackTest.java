package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs in its own JVM without {@code --add-opens java.base/java.lang} (the surefire execution
 * {@code jdk-scheduler-fallback}): workers then run on the JDK's virtual-thread scheduler.
 */
@Tag("fallback")
class FallbackTest {
    @Test
    void everythingStillWorksOnTheJdkScheduler() {
        assertFalse(Fibers.customScheduler(), "this JVM must not open java.lang");
        try (Pool ws = Kind.WS.build("fb-ws", 2); Pool fifo = Kind.FIFO.build("fb-fifo", 2)) {
            assertEquals(832_040, Stuck.await(ws.spawn(() -> WorkloadTest.fibTree(ws, 30)), "fib tree"));
            Promise<Integer> gate = Fut.promise();
            List<Fut<Integer>> waiting = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                int v = i;
                waiting.add(fifo.spawn(() -> gate.fut().await() + v));
            }
            assertEquals(7, Stuck.await(ws.spawn(() -> fifo.spawn(() -> 7).await()), "cross-pool await while 10,000 wait"));
            gate.complete(1);
            for (int i = 0; i < waiting.size(); i++) {
                assertEquals(i + 1, Stuck.await(waiting.get(i), "suspended task"));
            }
        }
        int fromMain = Runners.main(main -> main.spawn(() -> 3).await());
        assertEquals(3, fromMain);
    }
}
