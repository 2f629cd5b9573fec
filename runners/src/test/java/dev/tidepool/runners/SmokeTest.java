package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidepool.futures.Fut;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

    static int fibFut(Runner r, int n) {
        if (n <= 18) return fib(n);
        Fut<Integer> a = r.spawn(() -> fibFut(r, n - 1));
        Fut<Integer> b = r.spawn(() -> fibFut(r, n - 2));
        return a.await() + b.await();
    }

    @Test
    void basics() {
        try (WsPool p = WsPool.builder().name("smoke").threads(2).build()) {
            assertEquals(42, p.spawn(() -> 42).await());
            List<Fut<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 30; i++) fs.add(p.spawn(() -> fib(20)));
            for (Fut<Integer> f : fs) assertEquals(6765, f.await());
            assertEquals(fib(27), p.spawn(() -> fibFut(p, 27)).await());
        }
    }
}
