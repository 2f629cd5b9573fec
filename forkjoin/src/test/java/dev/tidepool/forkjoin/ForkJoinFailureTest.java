package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.runners.WsPool;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The failure rules: first failure re-thrown as is, unstarted parts cancelled, later ones suppressed. */
class ForkJoinFailureTest {
    static final class Boom extends RuntimeException {
        Boom(String m) {
            super(m);
        }
    }

    private static Boom thrownHere(String m) {
        return new Boom(m);
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void firstFailureIsRethrownWithItsOwnStack(Setup setup) {
        try (Setup.Env env = setup.open()) {
            Boom b = env.run(() -> {
                try {
                    ForkJoin.forRange(1000, 10, (lo, hi) -> {
                        if (lo <= 500 && 500 < hi) {
                            throw thrownHere("chunk with 500");
                        }
                    });
                    return null;
                } catch (Boom e) {
                    return e;
                }
            });
            assertEquals("chunk with 500", b.getMessage());
            assertEquals("thrownHere", b.getStackTrace()[0].getMethodName());

            IOException io = new IOException("checked");
            CompletionException wrapped = env.run(() -> {
                try {
                    ForkJoin.both(() -> 1, () -> {
                        throw io;
                    });
                    return null;
                } catch (CompletionException e) {
                    return e;
                }
            });
            assertSame(io, wrapped.getCause());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Setup.class, names = {"WS_ONE_CORE", "FIFO_ONE_CORE"})
    void unstartedPartsNeverRunAfterAFailure(Setup setup) {
        try (Setup.Env env = setup.open()) {
            AtomicInteger ran = new AtomicInteger();
            assertThrows(Boom.class, () -> env.run(() -> {
                ForkJoin.forRange(100, 1, (lo, hi) -> {
                    ran.incrementAndGet();
                    if (lo == 0) {
                        throw new Boom("first chunk");
                    }
                });
                return null;
            }));
            assertEquals(1, ran.get(), "on one worker nothing is stolen: the failure stops every other chunk");

            AtomicInteger second = new AtomicInteger();
            assertThrows(Boom.class, () -> env.run(() -> ForkJoin.both(() -> {
                throw new Boom("a");
            }, second::incrementAndGet)));
            assertEquals(0, second.get(), "b was cancelled before it started");
        }
    }

    @Test
    void aStolenPartsLaterFailureIsSuppressedIntoTheFirst() {
        try (WsPool pool = WsPool.builder().name("suppress").threads(2).build()) {
            for (int round = 0; round < 50; round++) {
                CountDownLatch bFailed = new CountDownLatch(1);
                Boom a = new Boom("a, first to reach the caller");
                Boom b = new Boom("b, ran on a thief");
                Boom seen = pool.spawn(() -> {
                    try {
                        ForkJoin.both(() -> {
                            bFailed.await(); // b can only run on another worker, which it must
                            throw a;
                        }, () -> {
                            bFailed.countDown();
                            throw b;
                        });
                        return null;
                    } catch (Boom e) {
                        return e;
                    }
                }).await();
                assertSame(a, seen);
                assertArrayEquals(new Throwable[] {b}, a.getSuppressed());
            }
        }
    }

    @Test
    void groupFailuresAreCollectedOnceEach() {
        try (WsPool pool = WsPool.builder().name("collect").threads(4).build()) {
            CountDownLatch all = new CountDownLatch(4);
            Boom first = pool.spawn(() -> {
                try {
                    ForkJoin.forRange(4, 1, (lo, hi) -> {
                        all.countDown();
                        try {
                            all.await(); // all four chunks run at once, then all fail
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                        throw new Boom("chunk " + lo);
                    });
                    return null;
                } catch (Boom e) {
                    return e;
                }
            }).await();
            assertEquals(3, first.getSuppressed().length, "the other three failures, once each");
            for (Throwable t : first.getSuppressed()) {
                assertTrue(t instanceof Boom && t != first);
            }
        }
    }

    @Test
    void badInput() {
        try (Setup.Env env = Setup.WS_4.open()) {
            env.run(() -> {
                IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                        () -> ForkJoin.forRange(-1, 1, (lo, hi) -> {}));
                assertTrue(n.getMessage().contains("-1"), n.getMessage());
                IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                        () -> ForkJoin.forRange(10, 0, (lo, hi) -> {}));
                assertTrue(c.getMessage().contains("0"), c.getMessage());
                assertThrows(IllegalArgumentException.class, () -> ForkJoin.reduce(5, -3, 0, (lo, hi) -> 1, Integer::sum));
                assertThrows(IllegalArgumentException.class, () -> ForkJoin.allInit(-5, i -> i));
                assertEquals("a", assertThrows(NullPointerException.class, () -> ForkJoin.both(null, () -> 1)).getMessage());
                assertEquals("b", assertThrows(NullPointerException.class, () -> ForkJoin.both(() -> 1, null)).getMessage());
                assertEquals("body", assertThrows(NullPointerException.class, () -> ForkJoin.forRange(3, 1, null)).getMessage());
                assertEquals("combine", assertThrows(NullPointerException.class,
                        () -> ForkJoin.reduce(3, 1, 0, (lo, hi) -> 1, null)).getMessage());
                assertEquals("tasks", assertThrows(NullPointerException.class, () -> ForkJoin.all(null)).getMessage());
                assertEquals("f", assertThrows(NullPointerException.class, () -> ForkJoin.mapList(List.of(), null)).getMessage());
                ForkJoin.forRange(0, 1, (lo, hi) -> {
                    throw new AssertionError("n = 0 runs nothing");
                });
                return null;
            });
        }
    }
}
