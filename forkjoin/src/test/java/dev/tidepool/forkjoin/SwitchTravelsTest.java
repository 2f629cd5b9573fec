package dev.tidepool.forkjoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.futures.TaskContext;
import dev.tidepool.switches.Switch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code Switch.current()} travels as a task-local value does: to continuations, {@code Runner.run}
 * tasks and wrapped work, as the registering code had it, and never from the thread that happens
 * to run them.
 */
class SwitchTravelsTest {

    @ParameterizedTest
    @EnumSource(Setup.class)
    void aContinuationRunsUnderTheSwitchOfTheCodeThatRegisteredIt(Setup setup) throws Exception {
        try (Setup.Env env = setup.open()) {
            Switch a = Switch.create();
            Switch b = Switch.create();
            Promise<Integer> p = Fut.promise();
            Fut<Switch> mapped = a.callAsCurrent(() -> p.fut().map(v -> Switch.currentOrNull()));
            Fut<Switch> flatMapped = a.callAsCurrent(() -> p.fut().flatMap(v -> Fut.of(Switch.currentOrNull())));
            AtomicReference<Switch> onComplete = new AtomicReference<>(b);
            a.callAsCurrent(() -> {
                p.fut().onComplete((v, e) -> onComplete.set(Switch.currentOrNull()));
                return null;
            });
            Fut<Switch> registeredWithout = p.fut().map(v -> Switch.currentOrNull());
            // settled by a task under another switch: the callbacks run on its thread
            Setup.await(env.pool().spawn(b, () -> {
                p.complete(1);
                return null;
            }));
            assertSame(a, Setup.await(mapped));
            assertSame(a, Setup.await(flatMapped));
            assertSame(a, onComplete.get());
            assertNull(Setup.await(registeredWithout), "not the settler's switch");
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void runnerRunAndWrappedWorkStartUnderTheCallersSwitch(Setup setup) throws Exception {
        ExecutorService foreign = Executors.newSingleThreadExecutor();
        try (Setup.Env env = setup.open()) {
            Switch a = Switch.create();
            CompletableFuture<Switch> viaRun = new CompletableFuture<>();
            CompletableFuture<Switch> viaWrap = new CompletableFuture<>();
            Setup.await(env.pool().spawn(a, () -> {
                env.pool().run(() -> viaRun.complete(Switch.currentOrNull()));
                foreign.execute(TaskContext.current().wrap(() -> viaWrap.complete(Switch.currentOrNull())));
                return null;
            }));
            assertSame(a, viaRun.get(60, TimeUnit.SECONDS));
            assertSame(a, viaWrap.get(60, TimeUnit.SECONDS));
        } finally {
            foreign.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void taskLocalValuesAndTheSwitchTravelTogether(Setup setup) throws Exception {
        try (Setup.Env env = setup.open()) {
            Switch a = Switch.create();
            Switch b = Switch.create();
            String seen = Setup.await(env.pool().spawn(a, () -> TaskLocalOnPoolsTest.USER.with("ann", () -> {
                // a value set under a, then code under b: with() keeps b, whatever the snapshot held
                String inner = b.callAsCurrent(() -> TaskLocalOnPoolsTest.USER.with("bob",
                        () -> TaskLocalOnPoolsTest.USER.get() + (Switch.currentOrNull() == b ? " under b" : " not under b")));
                Fut<String> child = env.pool().spawn(() -> TaskLocalOnPoolsTest.USER.get()
                        + (Switch.currentOrNull() == a ? " under a" : " not under a"));
                return inner + ", " + child.await();
            })));
            assertEquals("bob under b, ann under a", seen);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Setup.class, names = {"WS_ONE_CORE", "FIFO_ONE_CORE"})
    void aTaskRunInlineByItsAwaiterKeepsItsOwnSwitch(Setup setup) {
        try (Setup.Env env = setup.open()) {
            Switch a = Switch.create();
            Switch seen = Setup.await(env.pool().spawn(a, () -> {
                Fut<Switch> child = Switch.callDetached(() -> env.pool().spawn(Switch::currentOrNull));
                return child.await(); // a WsPool's only worker runs the child inline, under a
            }));
            assertNull(seen, "spawned under no switch, it runs under none, whoever runs it");
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void detachedCodeWaitsOnThroughItsSwitchTurningOff(Setup setup) throws Exception {
        try (Setup.Env env = setup.open()) {
            Switch sw = Switch.create();
            Promise<Integer> p = Fut.promise();
            CountDownLatch detached = new CountDownLatch(1);
            CompletableFuture<String> result = new CompletableFuture<>();
            env.pool().spawn(sw, () -> {
                try {
                    int v = Switch.callDetached(() -> {
                        detached.countDown();
                        return p.fut().await();
                    });
                    result.complete(v + (Switch.currentOrNull() == sw ? ", then under its switch again" : ""));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
                return null;
            });
            assertTrue(detached.await(60, TimeUnit.SECONDS));
            sw.turnOff();
            p.complete(7);
            assertEquals("7, then under its switch again", result.get(60, TimeUnit.SECONDS));
        }
    }
}
