package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Both;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.Runner;
import dev.tidepool.runners.WsPool;
import dev.tidepool.futures.tracing.TaskTracing;
import dev.tidepool.futures.tracing.TraceNames;
import dev.tidepool.sync.Immlock;
import dev.tidepool.sync.Lock;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LockTest {
    record Pair(long a, long b) {}


    @Test
    void basicOperations() {
        Lock<Integer> l = Lock.create("counter", 1);
        l.update(x -> x + 1);
        assertEquals(2, l.get());
        assertEquals("two", l.updateMap(x -> new Both<>(x * 10, "two")));
        assertEquals(Integer.valueOf(20), l.withLock(x -> x));
        l.set(7);
        assertEquals(7, l.get());
        assertEquals(Integer.valueOf(8), l.withLock(x -> l.withLock(y -> y + 1)), "reentrant");
        assertTrue(l.toString().contains("counter"));

        Immlock<List<Integer>> im = Immlock.create("list", List.of());
        im.update(xs -> append(xs, 1));
        assertEquals(List.of(1), im.get());
        assertEquals(Integer.valueOf(1), im.updateMap(xs -> new Both<>(append(xs, 2), xs.size())));
        assertEquals(List.of(1, 2), im.get());
        im.set(List.of(9));
        assertEquals(List.of(9), im.get());

        assertEquals("f", assertThrows(NullPointerException.class, () -> l.update(null)).getMessage());
        assertEquals("name", assertThrows(NullPointerException.class, () -> Lock.create(null, 1)).getMessage());
        assertEquals("f", assertThrows(NullPointerException.class, () -> im.updateMap(null)).getMessage());
    }

    static List<Integer> append(List<Integer> xs, int x) {
        List<Integer> out = new ArrayList<>(xs);
        out.add(x);
        return List.copyOf(out);
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void updatesAreAtomicAcrossTasks(Setup setup) {
        try (Setup.Env env = setup.open()) {
            Lock<Pair> lock = Lock.create("pair", new Pair(0, 0));
            Immlock<Pair> imm = Immlock.create("imm-pair", new Pair(0, 0));
            List<Fut<Object>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(env.pool().spawn(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        lock.update(p -> new Pair(p.a() + 1, p.b() + 1));
                        imm.update(p -> new Pair(p.a() + 1, p.b() + 1));
                        Pair seen = imm.get();
                        if (seen.a() != seen.b()) {
                            throw new AssertionError("torn immlock read " + seen);
                        }
                    }
                    return null;
                }));
            }
            fs.forEach(Setup::await);
            assertEquals(new Pair(160_000, 160_000), lock.get());
            assertEquals(new Pair(160_000, 160_000), imm.get());
        }
    }

    @Test
    void immlockReadersNeverWaitForAWriter() throws Exception {
        Immlock<Integer> im = Immlock.create("read-while-writing", 1);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread writer = Thread.ofPlatform().start(() -> im.update(x -> {
            writing.countDown();
            try {
                assertTrue(finish.await(60, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return 2;
        }));
        assertTrue(writing.await(60, TimeUnit.SECONDS));
        assertEquals(1, im.get(), "a read during an update returns the old value at once");
        finish.countDown();
        writer.join(60_000);
        assertEquals(2, im.get());
    }

    @Test
    void contentionSuspendsTheTaskInsteadOfHoldingTheCore() throws Exception {
        try (CoreBudget budget = CoreBudget.of(1)) {
            Runner pool = WsPool.builder().name("contended").threads(1).budget(budget).build();
            Lock<Integer> lock = Lock.create("busy", 0);
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = Thread.ofPlatform().start(() -> lock.withLock(v -> {
                held.countDown();
                try {
                    return release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
            assertTrue(held.await(60, TimeUnit.SECONDS));
            Fut<Object> waiter = pool.spawn(() -> {
                lock.update(x -> x + 1);
                return null;
            });
            assertEquals(5, Setup.await(pool.spawn(() -> 5)), "the one-core pool runs another task while one waits for the lock");
            assertFalse(waiter.isDone());
            release.countDown();
            Setup.await(waiter);
            assertEquals(1, lock.get());
            holder.join(60_000);
            pool.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void awaitingWhileHoldingALockIsRefusedNamingIt(Setup setup) {
        try (Setup.Env env = setup.open()) {
            Lock<Integer> lock = Lock.create("guarded-state", 0);
            Promise<Integer> pending = Fut.promise();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Setup.await(env.pool().spawn(() -> lock.withLock(v -> pending.fut().await()))));
            assertTrue(e.getMessage().contains("Lock 'guarded-state'"), e.getMessage());
            assertEquals(Integer.valueOf(3), Setup.await(env.pool().spawn(() -> lock.withLock(v -> Fut.of(3).await()))),
                    "awaiting a future that is already done is fine");
            assertEquals(4, Setup.await(env.pool().spawn(() -> {
                int v = lock.withLock(x -> x);
                return env.pool().spawn(() -> v + 4).await();
            })), "after the lock is released, awaiting is fine");
        }
    }

    @Test
    void criticalSectionsBecomeSpansWhenATracerIsInstalled() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            TaskTracing.install(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
            try {
                Lock<Integer> lock = Lock.create("traced-lock", 0);
                Immlock<Integer> imm = Immlock.create("traced-immlock", 0);
                lock.update(x -> x + 1);
                imm.update(x -> x + 1);
                assertEquals(1, imm.get());
            } finally {
                TaskTracing.uninstall();
            }
            Lock.create("after-uninstall", 0).update(x -> x);
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertEquals(List.of("traced-lock", "traced-immlock"), spans.stream().map(SpanData::getName).toList());
            for (SpanData s : spans) {
                assertTrue(s.getAttributes().get(TraceNames.LOCK_WAIT_NS) >= 0);
                assertEquals(Thread.currentThread().threadId(), s.getAttributes().get(TraceNames.THREAD_ID));
                assertTrue(s.getEndEpochNanos() >= s.getStartEpochNanos());
            }
        }
    }
}
