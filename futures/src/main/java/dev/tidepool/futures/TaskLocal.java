package dev.tidepool.futures;

import dev.tidepool.futures.internal.ThreadRecord;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A value per task that the work a task starts inherits: Tidepool's counterpart of
 * {@link ThreadLocal} for code whose tasks move between threads, suspend in {@code await} and
 * split into fork-join parts.
 *
 * <p>A task spawned from a task, a fork-join part, a {@code map}/{@code flatMap} continuation and
 * a {@code Runner.run} task start with the values their spawner had when it started them (a
 * {@link TaskContext} snapshot): a child's {@link #set} never reaches its parent, and a parent's
 * later {@code set} never reaches a child already started. A task keeps its values across
 * {@code await}, whichever worker resumes it. Outside any task, the values are the calling
 * thread's own, and a task spawned from that thread starts with them.
 *
 * <pre>{@code
 * static final TaskLocal<String> REQUEST = TaskLocal.create("request", "none");
 * ...
 * REQUEST.with("req-42", () -> Fut.spawn(pool, () -> REQUEST.get()).await()); // "req-42"
 * }</pre>
 *
 * <p>Create task locals once (as constants, like thread locals): each one created keeps an index
 * into every snapshot for the life of the process. Until a program first sets a value, spawning
 * and forking pay one volatile read for this feature; after that, one thread-local lookup per
 * spawn and fork.
 *
 * @param <T> type of the value
 */
public final class TaskLocal<T> {
    private static final AtomicInteger INDEXES = new AtomicInteger();
    /** Stands for a value set to null, since null in a snapshot means "not set". */
    private static final Object NULL = new Object();

    private final String name;
    private final T initial;
    private final int index;

    private TaskLocal(String name, T initial) {
        this.name = name;
        this.initial = initial;
        this.index = INDEXES.getAndIncrement();
    }

    /**
     * A new task local.
     *
     * @param <T> type of the value
     * @param name a name for messages and {@link #toString()}
     * @param initial the value of every task and thread that did not set or inherit one (may be null)
     * @return the task local
     */
    public static <T> TaskLocal<T> create(String name, T initial) {
        Objects.requireNonNull(name, "name");
        return new TaskLocal<>(name, initial);
    }

    /**
     * The current task's value (the calling thread's outside any task).
     *
     * @return the value set or inherited, else the initial value
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Object v = TaskContext.values().get(index, initial);
        return v == NULL ? null : (T) v;
    }

    /**
     * Sets the current task's value (the calling thread's outside any task). Work the task starts
     * from now on inherits it; work started before does not see it.
     *
     * @param value the new value (may be null)
     */
    public void set(T value) {
        TaskContext.markInUse();
        ThreadRecord r = ThreadRecord.current();
        r.taskContext = TaskContext.of(r).with(index, value == null ? NULL : value);
    }

    /**
     * Runs {@code body} with {@code value} as this local's value, then restores the values the
     * caller had (whatever {@code body} set).
     *
     * @param <R> type of the result
     * @param value the value inside {@code body} (may be null)
     * @param body the work
     * @return what {@code body} returned
     * @throws Exception what {@code body} threw
     */
    public <R> R with(T value, Callable<R> body) throws Exception {
        Objects.requireNonNull(body, "body");
        TaskContext.markInUse();
        return TaskContext.callIn(TaskContext.current().with(index, value == null ? NULL : value), body);
    }

    /**
     * The name given at creation.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "TaskLocal[" + name + "]";
    }
}
