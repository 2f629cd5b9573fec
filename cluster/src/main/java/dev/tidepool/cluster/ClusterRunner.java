package dev.tidepool.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.tidepool.futures.Fut;
import dev.tidepool.futures.Promise;
import dev.tidepool.switches.Switch;
import dev.tidepool.switches.SwitchOffException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs {@link ClusterTask}s on the members of a Hazelcast cluster, through one of its executors,
 * and returns Tidepool futures: {@code await} inside a Tidepool task suspends it without holding
 * its worker, and callbacks, {@code map}, {@code all} and {@code any} work as for local futures.
 * The member that takes a task runs it on a Tidepool pool of its own (one per member, on that
 * JVM's core budget), not on Hazelcast's threads, so the task may fork-join and await too.
 *
 * <p>Placement: {@link #spawn} picks a member at random (as Hazelcast's own {@code submit} does),
 * {@link #spawnOn} names one, and {@link #spawnOnKeyOwner} picks the owner of a key's partition
 * (to run next to that key's data).
 *
 * <p>Outcomes: the task's result, or the exception it threw on the member; a task whose class
 * (or a class it needs) is missing on its member fails with {@link IllegalStateException} naming
 * both; a task whose member leaves or dies before it answers fails with
 * {@link MemberLostException} naming the member (it may or may not have run; it is not submitted
 * again unless the runner has {@link #retries}). That holds whoever submits, a member or a client
 * (whose Hazelcast reports the loss differently), and however the member goes: the runner watches
 * the cluster's membership and fails (or sends again) the tasks of a member removed from it, even
 * one whose Hazelcast future would not complete. A client connected to no member (every member it
 * knew died) fails its tasks, and new ones at once, with {@code MemberLostException} whose
 * {@link MemberLostException#member() member} is {@code "none"}, rather than Hazelcast's wait of
 * its invocation timeout (120 s by default); it submits again once it has reconnected. A task
 * spawned under a {@link Switch} fails with {@link SwitchOffException} as soon as the switch turns
 * off, and its member is told: the switch the task runs under there turns off.
 *
 * <p>Happens-before: everything a submitter did before {@code spawn} happens-before the task's
 * run only as far as the task's serialized fields carry it (the task is a copy); the member's
 * run happens-before whatever follows the future's completion here, through the result's copy.
 */
public final class ClusterRunner {
    /**
     * The member attribute that sets how many cores a member gives its Tidepool pool (a whole
     * number, at least 1); without it, the member's JVM's shared budget (one core per processor).
     */
    public static final String CORES_ATTRIBUTE = "tidepool.cores";

    private final HazelcastInstance hz;
    private final IExecutorService executor;
    private final int retries;

    private ClusterRunner(HazelcastInstance hz, IExecutorService executor, int retries) {
        this.hz = hz;
        this.executor = executor;
        this.retries = retries;
    }

    /**
     * A runner over the executor {@code executorName} of {@code hz}, an embedded member or a
     * client. Every member must have Tidepool and the task classes on its class path.
     *
     * @param hz the Hazelcast instance to submit through
     * @param executorName the name of its executor service (configured as Hazelcast's are)
     * @return the runner
     */
    public static ClusterRunner create(HazelcastInstance hz, String executorName) {
        Objects.requireNonNull(hz, "hz");
        Objects.requireNonNull(executorName, "executorName");
        return new ClusterRunner(hz, hz.getExecutorService(executorName), 0);
    }

    /**
     * A runner like this one whose tasks, when their member is lost, are sent again, up to
     * {@code n} times, to any member ({@link #spawnOnKeyOwner}: to the key's new owner). A task may
     * then run more than once (at least once, as far as members last): retry only tasks whose
     * effects can be repeated. Without retries (the default) a task runs at most once.
     *
     * @param n how many times a task may be sent again, at least 0
     * @return the runner with retries
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public ClusterRunner retries(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("retries must be at least 0: " + n);
        }
        return new ClusterRunner(hz, executor, n);
    }

    /**
     * The members the cluster has now.
     *
     * @return its members, as Hazelcast lists them
     */
    public Set<Member> members() {
        return hz.getCluster().getMembers();
    }

    /**
     * Runs {@code task} on a member picked at random.
     *
     * @param task the task
     * @param <T> its result type
     * @return its future
     * @throws IllegalArgumentException naming the task if it cannot be serialized
     * @throws RejectedExecutionException naming the Hazelcast instance once it has shut down
     */
    public <T> Fut<T> spawn(ClusterTask<T> task) {
        return submit(task, null, Submission.Target.ANY, null);
    }

    /**
     * Runs {@code task} on a member picked at random, under {@code sw}: when it turns off, the
     * future fails with {@link SwitchOffException} and the member is told.
     *
     * @param sw the switch
     * @param task the task
     * @param <T> its result type
     * @return its future
     */
    public <T> Fut<T> spawn(Switch sw, ClusterTask<T> task) {
        return submit(task, Objects.requireNonNull(sw, "sw"), Submission.Target.ANY, null);
    }

    /**
     * Runs {@code task} on {@code member} (sent again to another member if it is lost and the
     * runner has retries).
     *
     * @param member the member
     * @param task the task
     * @param <T> its result type
     * @return its future
     */
    public <T> Fut<T> spawnOn(Member member, ClusterTask<T> task) {
        return submit(task, null, Submission.Target.MEMBER, Objects.requireNonNull(member, "member"));
    }

    /**
     * Runs {@code task} on the member that owns {@code key}'s partition.
     *
     * @param key the key (as Hazelcast partitions it)
     * @param task the task
     * @param <T> its result type
     * @return its future
     */
    public <T> Fut<T> spawnOnKeyOwner(Object key, ClusterTask<T> task) {
        return submit(task, null, Submission.Target.KEY, Objects.requireNonNull(key, "key"));
    }

    private <T> Fut<T> submit(ClusterTask<T> task, Switch sw, Submission.Target target, Object where) {
        Objects.requireNonNull(task, "task");
        if (sw != null && sw.isOff()) {
            return Fut.failed(new SwitchOffException(sw));
        }
        Promise<T> p = Fut.promise();
        Submission<T> s = new Submission<>(hz, executor, task, p, target, where, retries);
        s.start();
        if (sw != null) {
            Switch.Handle h = sw.onTurnOff(() -> {
                if (p.tryFail(new SwitchOffException(sw))) {
                    Future<T> sent = s.currentFuture();
                    if (sent != null) {
                        sent.cancel(true); // the member interrupts the wait, and turns the task's switch off
                    }
                }
            });
            p.fut().onComplete((v, e) -> h.close());
        }
        return p.fut();
    }

    @Override
    public String toString() {
        return "ClusterRunner[" + hz.getName() + ", executor " + executor.getName() + "]";
    }
}
