package dev.tidepool.bench;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Both;
import dev.tidepool.futures.Fut;
import dev.tidepool.runners.Runner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/** Naive fib(n), parallel above a cutoff, by each strategy a Java user might pick. */
final class FibWorkload {
    /** Strategies; the JDK's own ones and Kotlin coroutines are the peers. */
    enum Mode implements BenchMode {
        seq(false), fj(false), await(false), futures(false), fjp(true), cf(true), kotlin(true);

        private final boolean peer;

        Mode(boolean peer) {
            this.peer = peer;
        }

        @Override
        public boolean peer() {
            return peer;
        }

        @Override
        public String origin() {
            return this == kotlin ? "Kotlin" : BenchMode.super.origin();
        }
    }

    private FibWorkload() {}

    static long compute(Mode mode, Env env, int n, int cutoff) {
        return switch (mode) {
            case seq -> fib(n);
            case fj -> env.pool().spawn(() -> fj(n, cutoff)).await();
            case await -> {
                Runner r = env.pool();
                yield r.spawn(() -> spawnAwait(r, n, cutoff)).await();
            }
            case futures -> combinators(env.pool(), n, cutoff).await();
            case fjp -> env.fjp().invoke(new FibTask(n, cutoff));
            case cf -> completable(env.fjp(), n, cutoff).join();
            case kotlin -> KotlinPeers.fib(n, cutoff); // async/await on Dispatchers.Default
        };
    }

    /** The expected answer, in linear time. */
    static long fibIterative(int n) {
        long a = 0;
        long b = 1;
        for (int i = 0; i < n; i++) {
            long t = a + b;
            a = b;
            b = t;
        }
        return a;
    }

    static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    /** {@code ForkJoin.both} at every node above the cutoff. */
    static long fj(int n, int cutoff) {
        if (n <= cutoff) {
            return fib(n);
        }
        Both<Long, Long> r = ForkJoin.both(() -> fj(n - 1, cutoff), () -> fj(n - 2, cutoff));
        return r.left() + r.right();
    }

    /** Spawn both children and await them. */
    static long spawnAwait(Runner r, int n, int cutoff) {
        if (n <= cutoff) {
            return fib(n);
        }
        Fut<Long> a = r.spawn(() -> spawnAwait(r, n - 1, cutoff));
        Fut<Long> b = r.spawn(() -> spawnAwait(r, n - 2, cutoff));
        return a.await() + b.await();
    }

    /** Futures composed with combinators only; nothing waits until the end. */
    static Fut<Long> combinators(Runner r, int n, int cutoff) {
        if (n <= cutoff) {
            return Fut.of(fib(n));
        }
        Fut<Long> a = Fut.spawn(r, () -> combinators(r, n - 1, cutoff)).flatMap(f -> f);
        Fut<Long> b = Fut.spawn(r, () -> combinators(r, n - 2, cutoff)).flatMap(f -> f);
        return Fut.both(a, b).map(x -> x.left() + x.right());
    }

    /** CompletableFuture on a ForkJoinPool, composed the same way. */
    static CompletableFuture<Long> completable(ForkJoinPool pool, int n, int cutoff) {
        if (n <= cutoff) {
            return CompletableFuture.completedFuture(fib(n));
        }
        CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> completable(pool, n - 1, cutoff), pool)
                .thenCompose(f -> f);
        CompletableFuture<Long> b = CompletableFuture.supplyAsync(() -> completable(pool, n - 2, cutoff), pool)
                .thenCompose(f -> f);
        return a.thenCombine(b, Long::sum);
    }

    /** The RecursiveTask a ForkJoinPool user would write. */
    private static final class FibTask extends RecursiveTask<Long> {
        private final int n;
        private final int cutoff;

        FibTask(int n, int cutoff) {
            this.n = n;
            this.cutoff = cutoff;
        }

        @Override
        protected Long compute() {
            if (n <= cutoff) {
                return fib(n);
            }
            FibTask right = new FibTask(n - 2, cutoff);
            right.fork();
            long left = new FibTask(n - 1, cutoff).compute();
            return left + right.join();
        }
    }
}
