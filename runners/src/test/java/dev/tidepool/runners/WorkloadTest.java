package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Workloads at least as demanding as Moonpool's own test programs, on both pool kinds. */
class WorkloadTest {
    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void thirtyConcurrentFibTasks(Kind kind) {
        try (Pool pool = kind.build("fibs", 4)) {
            List<Fut<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = 20 + i % 6;
                fs.add(pool.spawn(() -> fib(n)));
            }
            for (int i = 0; i < 30; i++) {
                assertEquals(fib(20 + i % 6), Stuck.await(fs.get(i), "fib task " + i));
            }
        }
    }

    static int fibTree(Runner r, int n) {
        if (n <= 18) {
            return fib(n);
        }
        Fut<Integer> a = r.spawn(() -> fibTree(r, n - 1));
        Fut<Integer> b = r.spawn(() -> fibTree(r, n - 2));
        return a.await() + b.await();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void recursiveFutureTreeFib30(Kind kind) {
        try (Pool pool = kind.build("fib-tree", 4)) {
            assertEquals(832_040, Stuck.await(pool.spawn(() -> fibTree(pool, 30)), "fib tree"));
        }
    }

    sealed interface Tree permits Leaf, Node {}

    record Leaf(int value) implements Tree {}

    record Node(Fut<Tree> left, Fut<Tree> right) implements Tree {}

    static Tree build(Runner r, int depth, int first) {
        if (depth == 0) {
            return new Leaf(first);
        }
        int half = 1 << (depth - 1);
        return new Node(r.spawn(() -> build(r, depth - 1, first)), r.spawn(() -> build(r, depth - 1, first + half)));
    }

    static Tree reverse(Runner r, Tree t) {
        if (t instanceof Node(Fut<Tree> left, Fut<Tree> right)) {
            return new Node(right.flatMap(x -> r.spawn(() -> reverse(r, x))),
                    left.flatMap(x -> r.spawn(() -> reverse(r, x))));
        }
        return t;
    }

    static long sum(Runner r, Tree t) {
        if (t instanceof Node(Fut<Tree> left, Fut<Tree> right)) {
            Fut<Long> a = r.spawn(() -> sum(r, left.await()));
            Fut<Long> b = r.spawn(() -> sum(r, right.await()));
            return a.await() + b.await();
        }
        return ((Leaf) t).value();
    }

    static void leaves(Tree t, List<Integer> out) {
        if (t instanceof Node(Fut<Tree> left, Fut<Tree> right)) {
            leaves(left.await(), out);
            leaves(right.await(), out);
        } else {
            out.add(((Leaf) t).value());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void treeOfFuturesDepth16BuiltReversedSummed(Kind kind) {
        int depth = 16;
        int n = 1 << depth;
        try (Pool pool = kind.build("tree", 4)) {
            Tree tree = Stuck.await(pool.spawn(() -> build(pool, depth, 0)), "build");
            Tree rev = Stuck.await(pool.spawn(() -> reverse(pool, tree)), "reverse");
            long expected = (long) n * (n - 1) / 2;
            assertEquals(expected, Stuck.await(pool.spawn(() -> sum(pool, tree)), "sum"));
            assertEquals(expected, Stuck.await(pool.spawn(() -> sum(pool, rev)), "sum of reversed"));
            List<Integer> order = new ArrayList<>(n);
            leaves(rev, order);
            for (int i = 0; i < n; i++) {
                assertEquals(n - 1 - i, order.get(i), "leaf " + i + " of the reversed tree");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void threeTasksEachAwait200kFutures(Kind kind) {
        int each = 200_000;
        try (Pool pool = kind.build("many-futs", 4)) {
            List<Fut<Long>> outer = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                outer.add(pool.spawn(() -> {
                    List<Fut<Integer>> inner = new ArrayList<>(each);
                    for (int i = 0; i < each; i++) {
                        int v = i;
                        inner.add(pool.spawn(() -> v % 7));
                    }
                    long s = 0;
                    for (Fut<Integer> f : inner) {
                        s += f.await();
                    }
                    return s;
                }));
            }
            long expected = 0;
            for (int i = 0; i < each; i++) {
                expected += i % 7;
            }
            for (Fut<Long> f : outer) {
                assertEquals(expected, Stuck.await(f, "outer task"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void hundredThousandTasksSuspendedOnTwoCores(Kind kind) {
        int n = 100_000;
        try (CoreBudget budget = CoreBudget.of(2)) {
            int threadsBefore = Stuck.platformThreads();
            Pool pool = kind.build("suspended", 2, budget);
            Promise<Integer> gate = Fut.promise();
            CountDownLatch waiting = new CountDownLatch(n);
            AtomicInteger resumed = new AtomicInteger();
            List<Fut<Integer>> fs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int v = i;
                fs.add(pool.spawn(() -> {
                    waiting.countDown();
                    int g = gate.fut().await();
                    resumed.incrementAndGet();
                    return g + v;
                }));
            }
            Stuck.await(waiting, "all tasks reached await");
            int threadsSuspended = Stuck.platformThreads();
            assertTrue(threadsSuspended - threadsBefore <= 8,
                    "suspended tasks must not hold OS threads: " + threadsBefore + " -> " + threadsSuspended);
            assertEquals(0, resumed.get());
            gate.complete(1);
            for (int i = 0; i < n; i++) {
                assertEquals(i + 1, Stuck.await(fs.get(i), "suspended task " + i));
            }
            assertEquals(n, resumed.get());
            pool.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void crossPoolAwaitsInBothDirections(Kind kind) {
        try (Pool small = kind.build("small", 2); Pool big = kind.build("big", 10)) {
            List<Fut<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int v = i;
                fs.add(small.spawn(() -> big.spawn(() -> small.spawn(() -> big.spawn(() -> v * 2).await() + 1).await()).await()));
                fs.add(big.spawn(() -> small.spawn(() -> v * 3).await()));
            }
            for (int i = 0; i < 500; i++) {
                assertEquals(i * 2 + 1, Stuck.await(fs.get(2 * i), "small->big->small->big " + i));
                assertEquals(i * 3, Stuck.await(fs.get(2 * i + 1), "big->small " + i));
            }
        }
    }
}
