package dev.tidepool.forkjoin.readme;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.forkjoin.RangeFunction;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.runners.WsPool;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import dev.tidepool.sync.Immlock;
import dev.tidepool.sync.Lock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class SwitchesAndLocks {
    /** Cancels a request's work through its switch, then shares state under locks; returns what happened. */
    static String run() {
        int n = 1_000_000;
        RangeFunction<Long> body = (lo, hi) -> (long) hi * (hi - 1) / 2 - (long) lo * (lo - 1) / 2;
        StringBuilder out = new StringBuilder();
        try (WsPool compute = WsPool.builder().name("compute").build()) {
            Promise<Void> input = Fut.promise();                      // never completed here
            Switch request = Switch.create();                         // a tree: children die with their parent
            Switch step = Switch.create(request).turnOffAfter(Duration.ofSeconds(2));
            Fut<Long> f = compute.spawn(step, () -> {
                input.fut().await();                                  // a wait ends when the switch turns off
                Switch.current().orElseThrow().check();               // throws SwitchOffException once off
                return ForkJoin.reduce(n, 1000, 0L, body, Long::sum); // starts no new chunk once off
            });
            request.turnOff();                                        // f fails at once; its awaiters wake
            try {
                f.await();
            } catch (SwitchOffException e) {
                out.append("cancelled");
            }
            long sum = compute.spawn(() -> ForkJoin.reduce(n, 1000, 0L, body, Long::sum)).await();
            out.append(' ').append(sum);

            Lock<Map<String, Integer>> counts = Lock.create("counts", new HashMap<>());
            counts.update(m -> { m.merge("k", 1, Integer::sum); return m; });   // contention suspends the task
            Immlock<List<String>> names = Immlock.create("names", List.of());
            names.update(l -> List.of("a"));                          // replaces the value, never mutates it
            List<String> snapshot = names.get();                      // one volatile read, never blocks
            out.append(' ').append(counts.get()).append(' ').append(snapshot);
        }
        return out.toString();
    }

    public static void main(String[] args) {
        System.out.println(run());
    }
}
