package dev.tidepool.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Task-local values on plain executors: snapshots taken at spawn and at registration of a
 * continuation, never shared back. The same promises on Tidepool's own pools (await, fork-join,
 * Runner.run) are tested in the forkjoin module.
 */
class TaskLocalTest {
    static final TaskLocal<String> USER = TaskLocal.create("user", "nobody");
    static final TaskLocal<Integer> DEPTH = TaskLocal.create("depth", 0);
    static ExecutorService exec;

    @BeforeAll
    static void start() {
        exec = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        exec.shutdown();
        assertEquals(true, exec.awaitTermination(30, TimeUnit.SECONDS));
    }

    static <T> T await(Fut<T> f) {
        try {
            return f.await(Duration.ofSeconds(30));
        } catch (TimeoutException e) {
            throw new AssertionError("still pending after 30 s", e);
        }
    }

    @Test
    void initialValueUntilSetAndWithRestores() throws Exception {
        assertEquals("nobody", await(Fut.spawn(exec, USER::get)));
        String inside = USER.with("ann", () -> {
            assertEquals("ann", USER.get());
            USER.set("bob"); // set inside with: gone when with returns
            return USER.get();
        });
        assertEquals("bob", inside);
        assertEquals("nobody", USER.get());
        assertEquals(0, DEPTH.get());
    }

    @Test
    void aSpawnedTaskStartsWithItsSpawnersValuesAndNeverSharesBack() throws Exception {
        USER.with("ann", () -> {
            Promise<Void> go = Fut.promise();
            Fut<String> child = Fut.spawn(exec, () -> {
                String first = USER.get();
                await(go.fut()); // the parent sets a new value meanwhile
                String second = USER.get();
                USER.set("child's");
                return first + "," + second + "," + USER.get();
            });
            USER.set("parent's later value");
            go.complete(null);
            assertEquals("ann,ann,child's", await(child));
            assertEquals("parent's later value", USER.get());
            return null;
        });
        assertEquals("nobody", USER.get());
    }

    @Test
    void nullIsAValueOfItsOwn() throws Exception {
        USER.with(null, () -> {
            assertNull(USER.get());
            assertNull(await(Fut.spawn(exec, USER::get)));
            return null;
        });
        assertEquals("nobody", USER.get());
    }

    @Test
    void continuationsRunWithTheValuesOfWhoRegisteredThem() throws Exception {
        Promise<Integer> p = Fut.promise();
        Fut<String> inline = USER.with("ann", () -> p.fut().map(v -> USER.get() + v));
        Fut<String> onExec = USER.with("bob", () -> p.fut().map(exec, v -> USER.get() + v));
        Fut<String> flat = USER.with("cid", () -> p.fut().flatMap(v -> Fut.of(USER.get() + v)));
        Promise<Integer> q = Fut.promise();
        Fut<String> recovered = USER.with("dan", () -> q.fut().map(v -> "no").recover(e -> USER.get()));
        Promise<String> seen = Fut.promise();
        USER.with("eve", () -> {
            p.fut().onComplete(exec, (v, e) -> seen.complete(USER.get() + v));
            return null;
        });
        // settled by a thread with values of its own: they must not leak into the continuations
        USER.with("settler", () -> {
            p.complete(1);
            q.fail(new IllegalStateException("boom"));
            return null;
        });
        assertEquals("ann1", await(inline));
        assertEquals("bob1", await(onExec));
        assertEquals("cid1", await(flat));
        assertEquals("dan", await(recovered));
        assertEquals("eve1", await(seen.fut()));
        assertEquals("nobody", USER.get());
    }

    @Test
    void aContinuationRegisteredWithNoValuesSeesNoneOfTheSettlers() throws Exception {
        Promise<Integer> p = Fut.promise();
        Fut<String> plain = p.fut().map(v -> USER.get());
        USER.with("settler", () -> {
            p.complete(1);
            return null;
        });
        assertEquals("nobody", await(plain));
    }

    @Test
    void aSnapshotCarriesValuesToAnyExecutor() throws Exception {
        TaskContext ctx = USER.with("ann", TaskContext::current);
        Promise<String> seen = Fut.promise();
        exec.execute(ctx.wrap(() -> seen.complete(USER.get())));
        assertEquals("ann", await(seen.fut()));
        assertEquals("ann", ctx.call(USER::get));
        assertEquals("nobody", USER.get());
        assertEquals("TaskContext[1 values]", ctx.toString());
    }

    @Test
    void deepChainsOfChildrenInheritTransitively() throws Exception {
        Fut<Integer> f = DEPTH.with(1, () -> Fut.spawn(exec, () -> {
            DEPTH.set(DEPTH.get() + 1);
            return Fut.spawn(exec, () -> {
                DEPTH.set(DEPTH.get() + 1);
                return DEPTH.get();
            }).await();
        }));
        assertEquals(3, await(f));
        assertEquals(0, DEPTH.get());
    }

    @Test
    void badInput() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> TaskLocal.create(null, 1));
        assertEquals("name", e.getMessage());
        assertThrows(NullPointerException.class, () -> USER.with("x", null));
        assertThrows(NullPointerException.class, () -> TaskContext.current().wrap(null));
        assertEquals("TaskLocal[user]", USER.toString());
        assertEquals("user", USER.name());
    }
}
