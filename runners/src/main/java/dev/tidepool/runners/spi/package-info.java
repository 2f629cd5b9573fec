/**
 * The runner SPI: what a runner written outside Tidepool implements so that its tasks can
 * {@code await} without holding their runner's thread, use {@code TaskLocal}s, channels and
 * switches, and split work with {@code ForkJoin}. Application code never needs this package.
 *
 * <p>A runner is a {@link dev.tidepool.runners.Runner}. To go further, on each thread that runs
 * its tasks it installs one object that is both a
 * {@link dev.tidepool.futures.spi.Suspension.Hook} and a
 * {@link dev.tidepool.runners.spi.WorkerQueue}, with
 * {@link dev.tidepool.futures.spi.Suspension#install}:
 * <ul>
 * <li><b>How a task suspends</b>: {@code Fut.await}, a waiting channel operation, a contended
 *     {@code Lock} and a fork-join waiting for a stolen part call
 *     {@link dev.tidepool.futures.spi.Suspension.Hook#beforeSuspend()} on the task's thread right
 *     before it parks; the runner lets another thread run its other tasks meanwhile.</li>
 * <li><b>How it is resumed</b>: the thread is unparked by whoever settled what it waited for,
 *     then calls {@link dev.tidepool.futures.spi.Suspension.Hook#afterResume()} before the task
 *     goes on; a runner that lets only so many tasks run at once waits there for its turn.</li>
 * <li><b>How the current runner is found</b>: {@link dev.tidepool.runners.Runner#current()} and
 *     {@code ForkJoin} ask {@link dev.tidepool.runners.spi.WorkerQueue#current()}, the hook of
 *     the calling thread; {@link dev.tidepool.runners.spi.WorkerQueue#push} and
 *     {@link dev.tidepool.runners.spi.WorkerQueue#unpush} give fork-join a queue whose newest task
 *     the forking thread can take back.</li>
 * <li><b>Task-local values and the switch</b>: the runner captures {@code TaskContext.captureIfAny()} when it
 *     accepts a plain {@code Runnable}, runs it in {@code TaskContext.callIn}, and calls
 *     {@code TaskContext.clear()} after each task; tasks from {@code Fut.spawn} carry their own. A snapshot holds {@code Switch.current()} as well.</li>
 * <li><b>Shutdown</b>: a queued task that is a {@link dev.tidepool.futures.spi.PendingTask} and
 *     is dropped without running gets {@code abandon}, so nobody waits for it for ever.</li>
 * </ul>
 * The examples module has a complete runner built on this alone: a single event loop, where one
 * task runs at a time and an awaiting task hands the loop to another thread. The
 * {@code tidepool-runner-tck} artifact checks a runner: extend its
 * {@code dev.tidepool.runners.tck.RunnerConformance} (a JUnit 5 test) and return a new runner from
 * {@code newRunner}; each failure names the part of this SPI that was missed.
 */
package dev.tidepool.runners.spi;
