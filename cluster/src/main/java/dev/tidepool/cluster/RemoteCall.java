package dev.tidepool.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.tidepool.futures.Fut;
import dev.tidepool.switches.Switch;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.io.Serial;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * What Hazelcast sends to a member for one {@link ClusterTask}: on the member, it runs the task on
 * the member's Tidepool pool ({@link MemberPools}) under a switch of its own, and the Hazelcast
 * executor thread only waits for it. When the submitter cancels (its switch turned off),
 * Hazelcast interrupts that wait, and the task's switch turns off: the task sees it in
 * {@code Switch.current()} and in its switch-aware waits. The submitter's OpenTelemetry context
 * travels with it (W3C trace context), so the task's span on the member is a child of the span
 * that submitted it.
 *
 * @param <T> the task's result type
 */
final class RemoteCall<T> implements Callable<T>, Serializable, HazelcastInstanceAware {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The user's task. */
    private final ClusterTask<T> task;
    /** The submitter's trace context (W3C {@code traceparent}), empty if it was in no span. */
    private final HashMap<String, String> trace = new HashMap<>();
    /** The member's instance, set by Hazelcast before {@link #call}. */
    private transient HazelcastInstance member;

    RemoteCall(ClusterTask<T> task) {
        this.task = task;
        W3CTraceContextPropagator.getInstance().inject(Context.current(), trace, HashMap::put);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.member = hz;
        if (task instanceof HazelcastInstanceAware aware) { // as Hazelcast does for the tasks it runs itself
            aware.setHazelcastInstance(hz);
        }
    }

    @Override
    public T call() throws Exception {
        Switch sw = Switch.create();
        Fut<T> f;
        // The task's span, if tracing is on here, is a child of the submitter's span.
        try (Scope _ = submitterContext().makeCurrent()) {
            f = MemberPools.of(member).spawn(sw, task);
        }
        try {
            return f.toCompletableFuture().get(); // interruptible, unlike await
        } catch (InterruptedException e) {
            sw.turnOff(); // cancelled by the submitter
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception x) {
                throw x;
            }
            throw (Error) cause;
        } finally {
            sw.close();
        }
    }

    private Context submitterContext() {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), trace, MapGetter.INSTANCE);
    }

    /** Reads the carried trace context. */
    private enum MapGetter implements TextMapGetter<Map<String, String>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    }

    @Override
    public String toString() {
        return "RemoteCall[" + task.getClass().getName() + "]";
    }
}
