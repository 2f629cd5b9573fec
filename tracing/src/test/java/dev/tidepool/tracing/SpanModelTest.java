package dev.tidepool.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.forkjoin.ForkJoin;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.tracing.TaskTracing;
import dev.tidepool.futures.tracing.TraceNames;
import dev.tidepool.runners.WsPool;
import dev.tidepool.switches.Switch;
import dev.tidepool.sync.Lock;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The spans Tidepool creates, read back from an in-memory exporter: names, parents, attributes. */
class SpanModelTest {
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private OpenTelemetrySdk sdk;
    private Tracing tracing;

    @BeforeEach
    void install() {
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .build();
        tracing = Tracing.to(sdk);
    }

    @AfterEach
    void uninstall() {
        tracing.close();
        sdk.close();
    }

    private SpanData span(String name) {
        List<SpanData> found = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, found.size(), () -> name + " in " + exporter.getFinishedSpanItems());
        return found.getFirst();
    }

    @Test
    void aTaskSpawnedAcrossPoolsIsAChildOfItsSpawnerAndSuspensionsAreEvents() {
        Thread parentThread = Scenarios.suspendOnce();
        SpanData parent = span("parent");
        SpanData child = span("child");
        assertEquals(parent.getSpanId(), child.getParentSpanId());
        assertEquals(parent.getTraceId(), child.getTraceId());
        assertFalse(parent.getParentSpanContext().isValid(), "spawned from outside any span: a root");
        assertEquals("compute", parent.getAttributes().get(TraceNames.POOL));
        assertEquals("io", child.getAttributes().get(TraceNames.POOL));
        assertEquals("spawn", child.getAttributes().get(TraceNames.TASK_KIND));
        assertEquals("child", child.getAttributes().get(TraceNames.TASK_NAME));
        assertEquals(0L, child.getAttributes().get(TraceNames.WORKER));
        assertTrue(child.getAttributes().get(TraceNames.QUEUED_NS) >= 0);
        assertTrue(child.getAttributes().get(TraceNames.THREAD_NAME).startsWith("io.worker."));
        assertEquals(parentThread.threadId(), child.getAttributes().get(TraceNames.SPAWN_THREAD_ID));
        assertEquals(parentThread.threadId(), parent.getAttributes().get(TraceNames.THREAD_ID));
        assertNull(parent.getAttributes().get(TraceNames.SPAWN_THREAD_ID), "no spawning span, so no flow");
        List<String> events = parent.getEvents().stream().map(EventData::getName).toList();
        assertTrue(events.size() >= 2 && events.getFirst().equals(TraceNames.SUSPEND)
                && events.get(1).equals(TraceNames.RESUME), events.toString());
        for (int i = 1; i < parent.getEvents().size(); i++) {
            assertTrue(parent.getEvents().get(i).getEpochNanos() >= parent.getEvents().get(i - 1).getEpochNanos());
        }
        assertTrue(parent.getStartEpochNanos() <= parent.getEvents().getFirst().getEpochNanos());
        assertTrue(parent.getEvents().getLast().getEpochNanos() <= parent.getEndEpochNanos());
    }

    @Test
    void aSpanUserCodeOpensParentsWhatItsTaskStartsAfterAwaitOnAnyPoolAndItsContinuations() throws InterruptedException {
        io.opentelemetry.api.trace.Tracer user = sdk.getTracer("user-code");
        try (WsPool compute = WsPool.builder().name("compute").threads(1).build();
             dev.tidepool.runners.FifoPool io = dev.tidepool.runners.FifoPool.builder().name("io").threads(1).build()) {
            dev.tidepool.futures.Promise<Integer> later = Fut.promise();
            Fut<Integer> done = compute.spawn("task", () -> {
                io.opentelemetry.api.trace.Span op = user.spanBuilder("user-op").startSpan();
                try (io.opentelemetry.context.Scope _ = op.makeCurrent()) {
                    int v = later.fut().await(); // suspends: another thread completes it
                    dev.tidepool.futures.Promise<Integer> gate = Fut.promise();
                    Fut<Integer> child = Fut.spawn(io, "after-await", () -> gate.fut().await() + v);
                    Fut<Integer> cont = child.map(x -> { // runs where child settles: in its span, on io
                        user.spanBuilder("in-continuation").startSpan().end();
                        return x;
                    });
                    gate.complete(1);
                    return cont.await();
                } finally {
                    op.end();
                }
            });
            Thread settler = Thread.ofPlatform().start(() -> {
                io.opentelemetry.api.trace.Span other = user.spanBuilder("settler").startSpan();
                try (io.opentelemetry.context.Scope _ = other.makeCurrent()) {
                    later.complete(1);
                } finally {
                    other.end();
                }
            });
            assertEquals(2, Scenarios.await(done));
            assertTrue(settler.join(java.time.Duration.ofSeconds(60)), "the settler thread is stuck");
        }
        SpanData op = span("user-op");
        assertEquals(span("task").getSpanId(), op.getParentSpanId());
        assertEquals(op.getSpanId(), span("after-await").getParentSpanId(), "spawned after the await, on another pool");
        assertEquals(op.getSpanId(), span("in-continuation").getParentSpanId(), "not the span of whoever settled the future");
    }

    @Test
    void forksLocksAndPlainRunnablesAreChildrenOfTheTaskThatMadeThem() throws Exception {
        Lock<Integer> lock = Lock.create("the-lock", 0);
        try (WsPool pool = WsPool.builder().name("p").threads(2).build()) {
            Scenarios.await(pool.spawn("outer", () -> {
                ForkJoin.both(() -> lock.withLock(v -> v), () -> 2);
                pool.run(() -> lock.update(v -> v + 1));
                return null;
            }));
        }
        SpanData outer = span("outer");
        SpanData fork = span("fork");
        SpanData run = span("run");
        assertEquals(outer.getSpanId(), fork.getParentSpanId());
        assertEquals(outer.getSpanId(), run.getParentSpanId());
        assertEquals("fork", fork.getAttributes().get(TraceNames.TASK_KIND));
        List<SpanData> locks = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("the-lock")).toList();
        assertEquals(2, locks.size());
        assertTrue(locks.stream().anyMatch(l -> l.getParentSpanId().equals(outer.getSpanId())), "the first half runs inline in outer");
        assertTrue(locks.stream().anyMatch(l -> l.getParentSpanId().equals(run.getSpanId())));
        for (SpanData l : locks) {
            assertNotNull(l.getAttributes().get(TraceNames.LOCK_WAIT_NS));
        }
    }

    @Test
    void aFailingTaskHasAnErrorStatusAndASwitchTurnOffIsAnEvent() {
        Switch sw = Switch.create();
        try (WsPool pool = WsPool.builder().name("p").threads(1).build()) {
            Fut<Object> f = pool.spawn("fails", () -> {
                sw.turnOff();
                throw new IllegalStateException("boom");
            });
            assertEquals("boom", Scenarios.await(f.map(x -> "no").recover(Throwable::getMessage)));
        }
        SpanData fails = span("fails");
        assertEquals(StatusCode.ERROR, fails.getStatus().getStatusCode());
        assertTrue(fails.getStatus().getDescription().contains("boom"));
        EventData off = fails.getEvents().stream().filter(e -> e.getName().equals(TraceNames.SWITCH_OFF)).findFirst().orElseThrow();
        assertEquals(sw.toString(), off.getAttributes().get(TraceNames.SWITCH));
        sw.turnOff(); // already off: no second event
        Switch outside = Switch.create();
        outside.turnOff();
        SpanData lone = span(TraceNames.SWITCH_OFF);
        assertEquals(outside.toString(), lone.getAttributes().get(TraceNames.SWITCH));
        assertEquals(lone.getStartEpochNanos(), lone.getEndEpochNanos());
    }

    @Test
    void nothingIsTracedAfterClose() {
        tracing.close();
        assertFalse(TaskTracing.enabled());
        try (WsPool pool = WsPool.builder().name("p").threads(1).build()) {
            Scenarios.await(pool.spawn("after", () -> 1));
        }
        assertTrue(exporter.getFinishedSpanItems().isEmpty(), exporter.getFinishedSpanItems().toString());
    }
}
