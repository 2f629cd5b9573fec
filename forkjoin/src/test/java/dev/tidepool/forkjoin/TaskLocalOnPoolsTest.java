package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Both;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.futures.TaskLocal;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.WsPool;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Task-local values on Tidepool's pools: kept across a suspension in await, carried by
 * Runner.run, fork-join parts (stolen or run inline) and awaited tasks run inline, and never
 * shared back from a part or a child to its parent.
 */
class TaskLocalOnPoolsTest {
    static final TaskLocal<String> USER = TaskLocal.create("user", "nobody");
    static final TaskLocal<Integer> PART = TaskLocal.create("part", -1);

    @ParameterizedTest
    @EnumSource(Setup.class)
    void aTaskKeepsItsValuesAcrossASuspension(Setup setup) {
        try (Setup.Env env = setup.open()) {
            Promise<Integer> later = Fut.promise();
            Fut<String> f = env.pool().spawn(() -> USER.with("ann", () -> {
                int v = later.fut().await(); // suspends: its worker runs other tasks meanwhile
                return USER.get() + v;
            }));
            // other tasks on the same workers set values of their own while it waits
            for (int i = 0; i < 20; i++) {
                int k = i;
                Setup.await(env.pool().spawn(() -> {
                    USER.set("other-" + k);
                    return null;
                }));
            }
            later.complete(7);
            assertEquals("ann7", Setup.await(f));
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void anAwaitedTaskRunInlineHasItsOwnSnapshot(Setup setup) {
        try (Setup.Env env = setup.open()) {
            String seen = env.run(() -> {
                USER.set("parent");
                Fut<String> child = env.pool().spawn(() -> {
                    String mine = USER.get();
                    USER.set("child"); // must not reach the awaiting parent
                    return mine;
                });
                USER.set("parent, later"); // must not reach the child
                String c = child.await(); // on one worker, runs the child inline
                return c + " / " + USER.get();
            });
            assertEquals("parent / parent, later", seen);
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void forkJoinHalvesStartWithTheForkersValuesAndShareNothingBack(Setup setup) {
        try (Setup.Env env = setup.open()) {
            String result = env.run(() -> USER.with("root", () -> {
                Both<String, String> b = ForkJoin.both(() -> {
                    String before = USER.get();
                    USER.set("left");
                    spin();
                    return before + ">" + USER.get();
                }, () -> {
                    String before = USER.get();
                    USER.set("right");
                    return before + ">" + USER.get();
                });
                return b.left() + " " + b.right() + " " + USER.get();
            }));
            assertEquals("root>left root>right root", result);
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void everyChunkOfARangeStartsWithTheCallersValues(Setup setup) {
        try (Setup.Env env = setup.open()) {
            Set<String> wrong = ConcurrentHashMap.newKeySet();
            int sum = env.run(() -> USER.with("caller", () -> {
                int s = ForkJoin.reduce(1_000, 1, 0, (lo, hi) -> {
                    if (!USER.get().equals("caller") || PART.get() != -1) {
                        wrong.add(USER.get() + "/" + PART.get() + " at " + lo);
                    }
                    PART.set(lo); // stays in this chunk
                    USER.set("chunk " + lo);
                    return hi - lo;
                }, Integer::sum);
                assertEquals("caller", USER.get());
                assertEquals(-1, PART.get());
                return s;
            }));
            assertEquals(1_000, sum);
            assertTrue(wrong.isEmpty(), "chunks saw values of other chunks: " + wrong);
        }
    }

    /**
     * One chunk of a long range is called in pieces (see Pieces): each call starts with the
     * caller's values, whatever the call before it set on the same worker.
     */
    @ParameterizedTest
    @EnumSource(Setup.class)
    void everyPieceOfOneChunkStartsWithTheCallersValues(Setup setup) {
        try (Setup.Env env = setup.open()) {
            Set<String> wrong = ConcurrentHashMap.newKeySet();
            AtomicInteger calls = new AtomicInteger();
            int n = 200_000;
            int sum = env.run(() -> USER.with("caller", () -> {
                int s = ForkJoin.reduce(n, n, 0, (lo, hi) -> { // one chunk: only the pieces cut it
                    calls.incrementAndGet();
                    if (!USER.get().equals("caller") || PART.get() != -1) {
                        wrong.add(USER.get() + "/" + PART.get() + " at " + lo);
                    }
                    PART.set(lo);
                    USER.set("piece " + lo);
                    for (int i = lo; i < hi; i++) {
                        Blackhole.consume(i); // about 50 ns an index: the chunk lasts about 10 ms
                    }
                    return hi - lo;
                }, Integer::sum);
                assertEquals("caller", USER.get());
                assertEquals(-1, PART.get());
                return s;
            }));
            assertEquals(n, sum);
            assertTrue(calls.get() > 1, "the chunk was not cut into pieces: " + calls.get() + " call");
            assertTrue(wrong.isEmpty(), wrong.size() + " pieces saw values of other pieces, for example: "
                    + wrong.stream().limit(3).toList());
        }
    }

    /** A cost per index that the JIT cannot remove. */
    private static final class Blackhole {
        static volatile long sink;

        static void consume(int i) {
            long x = i;
            for (int k = 0; k < 10; k++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            sink = x;
        }
    }

    @Test
    void runnerRunAndAnotherPoolCarryTheValues() throws InterruptedException {
        try (CoreBudget budget = CoreBudget.of(2);
             WsPool compute = WsPool.builder().name("compute").threads(2).budget(budget).build();
             FifoPool requests = FifoPool.builder().name("requests").threads(2).budget(budget).build()) {
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger matched = new AtomicInteger();
            Fut<String> viaOtherPool = requests.spawn(() -> USER.with("req-42", () -> {
                compute.run(() -> { // a plain Runnable: carried too
                    if (USER.get().equals("req-42")) {
                        matched.incrementAndGet();
                    }
                    done.countDown();
                });
                return compute.spawn(() -> ForkJoin.both(USER::get, USER::get)).await().right();
            }));
            assertEquals("req-42", Setup.await(viaOtherPool));
            assertTrue(done.await(60, TimeUnit.SECONDS), "the Runner.run task never ran");
            assertEquals(1, matched.get());
        }
    }

    /** Long enough for a thief to take the other half on four workers. */
    private static void spin() {
        long end = System.nanoTime() + 200_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
