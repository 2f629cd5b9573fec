package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.runners.FifoPool;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import dev.tidepool.futures.Promise;
import dev.tidepool.sync.Immlock;
import dev.tidepool.sync.Lock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@link Lock}'s critical section admits one task at a time, whatever the task does inside it:
 * awaiting a task of its own pool, or fork-join.
 */
class LockedWorkTest {
    private static final int ROUNDS = 10;

    enum PoolKind {
        WS, FIFO;

        Runner build(int workers) {
            return this == WS ? WsPool.builder().name("locked-ws").threads(workers).build()
                    : FifoPool.builder().name("locked-fifo").threads(workers).build();
        }
    }

    /**
     * A task holding the lock awaits a task it spawned that takes the same lock. The await must be
     * refused (the spawned task could need the lock), and the spawned task must never run inside
     * the critical section, not even inline on the holder's own thread.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void awaitingAnOwnPoolTaskUnderALockIsRefusedAndThatTaskNeverRunsInside(int workers) {
        for (PoolKind kind : PoolKind.values()) {
            try (Runner pool = kind.build(workers)) {
                Lock<Integer> lock = Lock.create("exclusive", 0);
                AtomicInteger inside = new AtomicInteger();
                AtomicInteger mostInside = new AtomicInteger();
                for (int round = 0; round < ROUNDS; round++) {
                    Fut<Integer> outer = pool.spawn(() -> lock.withLock(v -> {
                        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        try {
                            Fut<Integer> inner = pool.spawn(() -> lock.withLock(x -> {
                                mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                                inside.decrementAndGet();
                                return x;
                            }));
                            return inner.await();
                        } finally {
                            inside.decrementAndGet();
                        }
                    }));
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Setup.await(outer),
                            kind + ", round " + round + ": the await under the lock was not refused");
                    assertTrue(e.getMessage().contains("Lock 'exclusive'"), e.getMessage());
                }
                assertEquals(1, mostInside.get(), kind + " with " + workers + " workers: two tasks were inside the lock at once");
            }
        }
    }

    /** Fork-join inside a critical section is refused every time, before any part starts. */
    @ParameterizedTest
    @EnumSource(Setup.class)
    void forkJoinUnderALockIsRefusedEveryTimeAndStartsNothing(Setup setup) {
        try (Setup.Env env = setup.open()) {
            Lock<int[]> lock = Lock.create("counts", new int[1000]);
            AtomicInteger chunks = new AtomicInteger();
            int refused = 0;
            for (int round = 0; round < 200; round++) {
                Fut<Object> f = env.pool().spawn(() -> lock.withLock(a -> {
                    ForkJoin.forRange(a.length, 1, (lo, hi) -> {
                        chunks.incrementAndGet();
                        a[lo]++;
                    });
                    return null;
                }));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> Setup.await(f));
                assertTrue(e.getMessage().contains("Lock 'counts'") && e.getMessage().contains("fork-join"), e.getMessage());
                refused++;
            }
            assertEquals(200, refused);
            assertEquals(0, chunks.get(), "a chunk started under the lock");
            for (int x : lock.get()) {
                assertEquals(0, x);
            }
            IllegalStateException both = assertThrows(IllegalStateException.class, () -> env.run(
                    () -> lock.withLock(a -> ForkJoin.both(() -> 1, () -> 2))));
            assertTrue(both.getMessage().contains("Lock 'counts'"), both.getMessage());
            // Released, the same work runs.
            assertEquals(Integer.valueOf(1000), env.run(() -> ForkJoin.reduce(1000, 7, 0, (lo, hi) -> hi - lo, Integer::sum)));
        }
    }

    /** An Immlock update is a critical section too (writers are serialised by a lock). */
    @Test
    void awaitingOrForkingInsideAnImmlockUpdateIsRefused() {
        try (Runner pool = PoolKind.WS.build(1)) {
            Immlock<Integer> names = Immlock.create("names", 1);
            Promise<Integer> pending = Fut.promise();
            IllegalStateException awaiting = assertThrows(IllegalStateException.class,
                    () -> Setup.await(pool.spawn(() -> {
                        names.update(x -> pending.fut().await());
                        return 0;
                    })));
            assertTrue(awaiting.getMessage().contains("Immlock 'names'"), awaiting.getMessage());
            IllegalStateException forking = assertThrows(IllegalStateException.class,
                    () -> Setup.await(pool.spawn(() -> {
                        names.update(x -> ForkJoin.both(() -> 1, () -> 2).left());
                        return 0;
                    })));
            assertTrue(forking.getMessage().contains("Immlock 'names'"), forking.getMessage());
            assertEquals(1, names.get());
        }
    }

    @Test
    void awaitingAFutureAlreadyDoneUnderALockIsFine() {
        try (Runner pool = PoolKind.WS.build(1)) {
            Lock<Integer> lock = Lock.create("fine", 3);
            assertEquals(Integer.valueOf(3), Setup.await(pool.spawn(() -> lock.withLock(v -> Fut.of(v).await()))));
        }
    }
}
