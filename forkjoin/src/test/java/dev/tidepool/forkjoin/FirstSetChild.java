package dev.tidepool.forkjoin;

import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.futures.TaskLocal;
import dev.tidepool.runners.CoreBudget;
import dev.tidepool.runners.WsPool;
import java.time.Duration;

/**
 * A JVM in which no task-local value was set before: runs one scenario where the first
 * {@code set} of the process happens in work run on another task's thread, and prints what that
 * other task sees afterwards ({@code nobody} when the value stayed where it was set). Started
 * by {@link FirstSetTest}, one fresh JVM per scenario.
 */
public final class FirstSetChild {
    static final TaskLocal<String> USER = TaskLocal.create("user", "nobody");

    private FirstSetChild() {}

    public static void main(String[] args) throws Exception {
        try (CoreBudget budget = CoreBudget.of(1);
             WsPool pool = WsPool.builder().name("first-set").threads(1).budget(budget).build()) {
            Fut<String> seen = pool.spawn(() -> switch (args[0]) {
                case "inline-child" -> {
                    Fut<Void> child = pool.spawn(() -> { // one worker: the await runs it inline
                        USER.set("child");
                        return null;
                    });
                    child.await();
                    yield USER.get();
                }
                case "continuation" -> {
                    Promise<String> p = Fut.promise();
                    Fut<String> mapped = p.fut().map(v -> {
                        USER.set("continuation"); // runs on the thread that completes p
                        return v;
                    });
                    p.complete("x");
                    mapped.await();
                    yield USER.get();
                }
                case "fork-part" -> {
                    ForkJoin.both(() -> {
                        USER.set("part"); // the left part runs on the forker
                        return 1;
                    }, () -> 2);
                    yield USER.get();
                }
                case "range-piece" -> {
                    ForkJoin.forRange(4, 1, (lo, hi) -> USER.set("chunk " + lo));
                    yield USER.get();
                }
                default -> throw new IllegalArgumentException("no scenario " + args[0]);
            });
            System.out.println(seen.await(Duration.ofSeconds(60)));
        }
    }
}
