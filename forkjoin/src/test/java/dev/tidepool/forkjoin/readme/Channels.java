package dev.tidepool.forkjoin.readme;

import dev.tidepool.channels.Chan;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.WsPool;
import java.util.ArrayList;
import java.util.List;

public class Channels {
    /** A producer and a consumer task linked by a bounded channel; returns what the consumer made. */
    static List<Integer> run() {
        Chan<Integer> numbers = Chan.bounded(16);         // a send waits while 16 values wait
        try (WsPool pool = WsPool.builder().name("pipeline").build()) {
            Fut<List<Integer>> squares = pool.spawn(() -> {
                List<Integer> out = new ArrayList<>();
                for (int n : numbers) {                   // receives until closed and drained
                    out.add(n * n);
                }
                return out;
            });
            pool.spawn(() -> {
                for (int i = 1; i <= 5; i++) {
                    numbers.send(i);                      // a full channel suspends the task, not its core
                }
                numbers.close();                          // the consumer's loop ends after the last value
                return null;
            }).await();
            return squares.await();
        }
    }

    public static void main(String[] args) {
        System.out.println(run());
    }
}
