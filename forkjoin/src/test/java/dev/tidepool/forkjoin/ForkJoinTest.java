package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Both;
import dev.tidepool.runners.Runner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every primitive, on both pool kinds, with four workers and on a single core. */
class ForkJoinTest {
    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    static int fibFj(int n) {
        if (n < 2) {
            return n;
        }
        Both<Integer, Integer> r = ForkJoin.both(() -> fibFj(n - 1), () -> fibFj(n - 2));
        return r.left() + r.right();
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void bothAtEveryNodeOfFib(Setup setup) {
        try (Setup.Env env = setup.open()) {
            assertEquals(fib(24), env.run(() -> fibFj(24)));
            assertEquals(new Both<>("a", 2), env.run(() -> ForkJoin.both(() -> "a", () -> 2)));
            int[] cells = new int[2];
            env.run(() -> {
                ForkJoin.bothIgnore(() -> cells[0] = 1, () -> cells[1] = 2);
                return null;
            });
            assertArrayEquals(new int[] {1, 2}, cells);
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void forRangeCoversEveryIndexOnce(Setup setup) {
        try (Setup.Env env = setup.open()) {
            for (int n : new int[] {0, 1, 2, 7, 100, 1000, 100_003}) {
                for (int chunk : new int[] {1, 3, 64, 1_000_000}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                    env.run(() -> {
                        ForkJoin.forRange(n, chunk, (lo, hi) -> {
                            assertTrue(0 <= lo && lo < hi && hi <= n && hi - lo <= chunk, lo + ".." + hi);
                            for (int i = lo; i < hi; i++) {
                                hits.incrementAndGet(i);
                            }
                        });
                        return null;
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, hits.get(i), "n=" + n + " chunk=" + chunk + " index " + i);
                    }
                }
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                env.run(() -> {
                    ForkJoin.forRange(n, (lo, hi) -> {
                        for (int i = lo; i < hi; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    return null;
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits.get(i), "default chunk, n=" + n + " index " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void reduceCombinesChunksInIndexOrder(Setup setup) {
        try (Setup.Env env = setup.open()) {
            long sum = env.run(() -> ForkJoin.reduce(1_000_000, 1000, 0L, (lo, hi) -> {
                long s = 0;
                for (int i = lo; i < hi; i++) {
                    s += i;
                }
                return s;
            }, Long::sum));
            assertEquals(999_999L * 1_000_000L / 2, sum);
            String joined = env.run(() -> ForkJoin.reduce(26, 3, "", (lo, hi) -> {
                StringBuilder sb = new StringBuilder();
                for (int i = lo; i < hi; i++) {
                    sb.append((char) ('a' + i));
                }
                return sb.toString();
            }, String::concat));
            assertEquals("abcdefghijklmnopqrstuvwxyz", joined);
            assertEquals("id", env.run(() -> ForkJoin.reduce(0, 5, "id", (lo, hi) -> "x", String::concat)));
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void allAllInitMapArrayMapList(Setup setup) {
        try (Setup.Env env = setup.open()) {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int v = i;
                tasks.add(() -> fibFj(v % 15));
            }
            List<Integer> all = env.run(() -> ForkJoin.all(tasks));
            List<Integer> init = env.run(() -> ForkJoin.allInit(300, i -> fib(i % 15)));
            Integer[] boxed = new Integer[5000];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = i;
            }
            String[] mapped = env.run(() -> ForkJoin.mapArray(boxed, i -> "#" + i, String[]::new));
            List<Integer> squares = env.run(() -> ForkJoin.mapList(Arrays.asList(boxed), i -> i * i));
            for (int i = 0; i < 300; i++) {
                assertEquals(fib(i % 15), all.get(i));
                assertEquals(fib(i % 15), init.get(i));
            }
            for (int i = 0; i < boxed.length; i++) {
                assertEquals("#" + i, mapped[i]);
                assertEquals(i * i, squares.get(i));
            }
            assertEquals(List.of(), env.run(() -> ForkJoin.all(List.of())));
            assertEquals(List.of(), env.run(() -> ForkJoin.mapList(List.of(), x -> x)));
            assertEquals(0, env.run(() -> ForkJoin.mapArray(new Integer[0], x -> x, Integer[]::new)).length);
        }
    }

    static void quicksort(int[] a, int lo, int hi) {
        if (hi - lo <= 2048) {
            Arrays.sort(a, lo, hi);
            return;
        }
        int p = partition(a, lo, hi);
        ForkJoin.bothIgnore(() -> quicksort(a, lo, p), () -> quicksort(a, p + 1, hi));
    }

    private static int partition(int[] a, int lo, int hi) {
        int mid = lo + (hi - lo) / 2;
        swap(a, mid, hi - 1);
        int pivot = a[hi - 1];
        int store = lo;
        for (int i = lo; i < hi - 1; i++) {
            if (a[i] < pivot) {
                swap(a, i, store++);
            }
        }
        swap(a, store, hi - 1);
        return store;
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void parallelQuicksortOf400kIntsEqualsArraysSort(Setup setup) {
        Random rnd = new Random(42);
        int[] data = rnd.ints(400_000, -1_000_000, 1_000_000).toArray();
        int[] expected = data.clone();
        Arrays.sort(expected);
        try (Setup.Env env = setup.open()) {
            env.run(() -> {
                quicksort(data, 0, data.length);
                return null;
            });
        }
        assertArrayEquals(expected, data);
    }

    sealed interface Expr permits Const, Add, Mul, Neg {}

    record Const(long v) implements Expr {}

    record Add(Expr l, Expr r) implements Expr {}

    record Mul(Expr l, Expr r) implements Expr {}

    record Neg(Expr e) implements Expr {}

    static Expr randomExpr(Random rnd, int depth) {
        if (depth == 0 || rnd.nextInt(8) == 0) {
            return new Const(rnd.nextInt(21) - 10);
        }
        return switch (rnd.nextInt(3)) {
            case 0 -> new Add(randomExpr(rnd, depth - 1), randomExpr(rnd, depth - 1));
            case 1 -> new Mul(randomExpr(rnd, depth - 1), randomExpr(rnd, depth - 1));
            default -> new Neg(randomExpr(rnd, depth - 1));
        };
    }

    static long evalSeq(Expr e) {
        return switch (e) {
            case Const c -> c.v();
            case Add a -> evalSeq(a.l()) + evalSeq(a.r());
            case Mul m -> evalSeq(m.l()) * evalSeq(m.r());
            case Neg n -> -evalSeq(n.e());
        };
    }

    static long evalFj(Expr e) {
        return switch (e) {
            case Const c -> c.v();
            case Add a -> {
                Both<Long, Long> r = ForkJoin.both(() -> evalFj(a.l()), () -> evalFj(a.r()));
                yield r.left() + r.right();
            }
            case Mul m -> {
                Both<Long, Long> r = ForkJoin.both(() -> evalFj(m.l()), () -> evalFj(m.r()));
                yield r.left() * r.right();
            }
            case Neg n -> -evalFj(n.e());
        };
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void randomExpressionTreesEvaluateTheSameSequentiallyAndForkJoined(Setup setup) {
        try (Setup.Env env = setup.open()) {
            for (long seed = 0; seed < 300; seed++) {
                Expr e = randomExpr(new Random(seed), 14);
                long expected = evalSeq(e);
                assertEquals(expected, env.run(() -> evalFj(e)), "seed " + seed);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void eightHundredCyclesOfPoolNestedBothAndMapList(Setup setup) {
        for (int i = 0; i < 800; i++) {
            try (Setup.Env env = setup.open()) {
                int k = i;
                Both<Integer, List<Integer>> r = env.run(() -> ForkJoin.both(
                        () -> ForkJoin.both(() -> fibFj(10), () -> k).left(),
                        () -> ForkJoin.mapList(List.of(1, 2, 3), x -> x + k)));
                assertEquals(55, r.left());
                assertEquals(List.of(1 + k, 2 + k, 3 + k), r.right());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void deepNestingOnAnyPoolDoesNotDeadlock(Setup setup) {
        try (Setup.Env env = setup.open()) {
            assertEquals(1 << 16, env.run(() -> ForkJoin.reduce(1 << 16, 1, 0, (lo, hi) -> hi - lo, Integer::sum)));
            Runner r = env.pool();
            assertEquals(fib(20), env.run(() -> r.spawn(() -> fibFj(20)).await()));
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void outsideARunnerItSaysSo(Setup setup) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ForkJoin.both(() -> 1, () -> 2));
        assertTrue(e.getMessage().contains("ForkJoin.both") && e.getMessage().contains("runner"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ForkJoin.forRange(10, 1, (lo, hi) -> {}));
        assertThrows(IllegalStateException.class, () -> ForkJoin.mapList(List.of(1), x -> x));
    }
}
