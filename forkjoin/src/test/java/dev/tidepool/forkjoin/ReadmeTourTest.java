package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Both;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.Background;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runners;
import dev.tidepool.runners.WsPool;
import dev.tidepool.switches.Switch;
import dev.tidepool.sync.Immlock;
import dev.tidepool.sync.Lock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The README's tour, as written there, with its two helpers defined. */
class ReadmeTourTest {
    final List<String> written = new CopyOnWriteArrayList<>();

    static long count(int lo, int hi) {
        return hi - lo;
    }

    void write(String s) {
        written.add(s);
    }

    @Test
    void tourRuns() {
        CoreBudget cores = CoreBudget.shared();
        int length;
        long total;
        Both<Long, Long> pair;
        try (WsPool compute = WsPool.builder().name("compute").threads(8).budget(cores).build();
                FifoPool requests = FifoPool.builder().name("requests").threads(4).budget(cores).build();
                Background files = Background.create("files")) {
            Fut<Long> sum = compute.spawn(() -> {
                Fut<Long> left = compute.spawn(() -> count(0, 500));
                long right = count(500, 1000);
                return left.await() + right;
            });
            Fut<String> reply = requests.spawn(() -> "total " + sum.await());
            files.run(() -> write(reply.await()));
            length = reply.map(String::length).await();
            total = compute.spawn(() -> ForkJoin.reduce(1_000_000, 10_000, 0L,
                    (lo, hi) -> count(lo, hi), Long::sum)).await();
            pair = compute.spawn(() -> ForkJoin.both(() -> count(0, 10), () -> count(10, 30))).await();
        }
        int answer = Runners.main(main -> main.spawn(() -> 42).await());
        assertEquals("total 1000".length(), length);
        assertEquals(List.of("total 1000"), written);
        assertEquals(42, answer);
        assertEquals(1_000_000L, total);
        assertEquals(new Both<>(10L, 20L), pair);
    }

    @Test
    void cancellationAndSharedStateTourRuns() throws Exception {
        int n = 100_000;
        RangeFunction<Integer> body = (lo, hi) -> hi - lo;
        try (WsPool compute = WsPool.builder().name("compute").threads(2).build()) {
            Switch request = Switch.create();
            Switch step = Switch.create(request).turnOffAfter(Duration.ofSeconds(2));
            Fut<Integer> f = compute.spawn(step, () -> {
                Switch.current().orElseThrow().check();
                return ForkJoin.reduce(n, 1000, 0, body, Integer::sum);
            });
            assertEquals(n, f.await());
            request.turnOff();
            assertTrue(step.isOff());

            Lock<Map<String, Integer>> counts = Lock.create("counts", new HashMap<>());
            counts.update(m -> { m.merge("k", 1, Integer::sum); return m; });
            Immlock<List<String>> names = Immlock.create("names", List.of());
            List<String> snapshot = names.get();
            assertEquals(Map.of("k", 1), counts.get());
            assertEquals(List.of(), snapshot);
        }
    }
}
