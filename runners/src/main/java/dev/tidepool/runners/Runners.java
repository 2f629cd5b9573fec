package dev.tidepool.runners;

import dev.tidepool.futures.Fut;
import java.util.Objects;
import java.util.function.Function;

/** Entry points that are not tied to one pool kind. */
public final class Runners {
    private Runners() {}

    /**
     * Turns the calling thread into a one-worker runner named {@code main} and runs
     * {@code body(main)} on it; returns its result once it is ready and the tasks given to
     * {@code main} meanwhile have run. Tasks on {@code main} may await futures of any runner
     * without blocking the others: the calling thread acts as the carrier of the main runner's
     * worker fibers, outside every core budget, like the main thread of a program.
     *
     * <p>Without {@code --add-opens java.base/java.lang=ALL-UNNAMED}, the main runner is a
     * one-worker pool on the shared budget and the calling thread blocks until it is done.
     *
      * @param <T> type of the result
      * @param body the program, given the main runner
      * @return what {@code body} returned
     * @throws IllegalStateException if the calling thread is a virtual thread (a task of a runner
     *     included): only a platform thread can carry the main runner
     * @throws RuntimeException or {@link Error} what {@code body} threw (see {@link Fut#await()})
     */
    public static <T> T main(Function<? super Runner, ? extends T> body) {
        Objects.requireNonNull(body, "body");
        Thread me = Thread.currentThread();
        if (me.isVirtual()) {
            throw new IllegalStateException("Runners.main must be called from a platform thread (such as the program's"
                    + " main thread), not from virtual thread " + me + (Runner.current().isPresent()
                    ? ", a task of runner '" + Runner.current().get().name() + "': spawn the body there instead"
                    : ""));
        }
        if (!Fibers.customScheduler()) {
            try (FifoPool pool = FifoPool.builder().name("main").threads(1).build()) {
                return pool.<T>spawn(() -> body.apply(pool)).await();
            }
        }
        CoreBudget budget = CoreBudget.callerDriven("main");
        FifoPool pool = FifoPool.builder().name("main").threads(1).budget(budget).build();
        Fut<T> result = pool.spawn(() -> body.apply(pool));
        result.onComplete((v, e) -> pool.shutdown());
        budget.drive(pool::isTerminated);
        budget.close();
        return result.await();
    }
}
