package dev.tidepool.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import dev.tidepool.futures.Fut;
import dev.tidepool.switches.Switch;
import java.io.Serial;
import java.io.Serializable;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

/**
 * What Hazelcast sends to a member for one {@link ClusterTask}: on the member, it runs the task on
 * the member's Tidepool pool ({@link MemberPools}) under a switch of its own, and the Hazelcast
 * executor thread only waits for it. When the submitter cancels (its switch turned off),
 * Hazelcast interrupts that wait, and the task's switch turns off: the task sees it in
 * {@code Switch.current()} and in its switch-aware waits.
 *
 * @param <T> the task's result type
 */
final class RemoteCall<T> implements Callable<T>, Serializable, HazelcastInstanceAware {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The user's task. */
    private final ClusterTask<T> task;
    /** The member's instance, set by Hazelcast before {@link #call}. */
    private transient HazelcastInstance member;

    RemoteCall(ClusterTask<T> task) {
        this.task = task;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.member = hz;
    }

    @Override
    public T call() throws Exception {
        Switch sw = Switch.create();
        Fut<T> f = MemberPools.of(member).spawn(sw, task);
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

    @Override
    public String toString() {
        return "RemoteCall[" + task.getClass().getName() + "]";
    }
}
