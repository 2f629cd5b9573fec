package dev.tidepool.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.partition.Partition;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.tidepool.futures.Promise;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One task sent to the cluster, from the call to its outcome, through as many attempts as its
 * retries allow: each attempt goes to a member the runner names (so that a loss can name it and
 * be watched, see {@link ClusterWatch}), and settles once, by Hazelcast's answer or by the loss of
 * its member, whichever comes first. A lost attempt with retries left is sent again, to another
 * member than the ones this task lost ({@link Target#KEY}: to the key's owner, which Hazelcast
 * picks again).
 *
 * @param <T> the task's result type
 */
final class Submission<T> {
    /** Where the attempts go. */
    enum Target { ANY, MEMBER, KEY }

    private final HazelcastInstance hz;
    private final IExecutorService executor;
    private final ClusterWatch watch;
    private final ClusterTask<T> task;
    private final RemoteCall<T> call;
    private final Promise<T> promise;
    private final Target target;
    /** The member a {@link Target#MEMBER} task names, or the key of a {@link Target#KEY} one. */
    private final Object where;
    /** The members this task lost; a resend avoids them. Under this object's lock. */
    private final Set<UUID> lostMembers = new HashSet<>();
    private int left;
    private volatile Attempt current;

    Submission(HazelcastInstance hz, IExecutorService executor, ClusterTask<T> task, Promise<T> promise,
            Target target, Object where, int retries) {
        this.hz = hz;
        this.executor = executor;
        this.watch = ClusterWatch.of(hz);
        this.task = task;
        this.call = new RemoteCall<>(task);
        this.promise = promise;
        this.target = target;
        this.where = where;
        this.left = retries;
    }

    /** The attempt on its way, if any (to cancel it). */
    Future<T> currentFuture() {
        Attempt a = current;
        return a == null ? null : a.future;
    }

    /**
     * Sends the first attempt. Refusals the caller can fix (a task that cannot be serialized, an
     * instance shut down) are thrown here, at the call; the others fail the future.
     */
    void start() {
        send(true, null);
    }

    /**
     * One attempt of its own, to a member chosen now; {@code first}: refusals are thrown.
     * {@code previous}: the loss that made this a retry, kept with a failure to send it.
     */
    private void send(boolean first, MemberLostException previous) {
        if (watch.disconnected()) {
            promise.tryFail(withPrevious(lost("none", "the client is connected to no member of the cluster (every member"
                    + " it knew left or cannot be reached)", null), previous));
            return;
        }
        Set<Member> members;
        Member to;
        Future<T> sent;
        try {
            members = hz.getCluster().getMembers();
            switch (target) {
                case KEY -> {
                    Partition p = hz.getPartitionService().getPartition(where);
                    to = p == null ? null : p.getOwner();
                    sent = executor.submitToKeyOwner(call, where);
                }
                case MEMBER -> {
                    to = first ? (Member) where : pick(members);
                    sent = to == null ? null : executor.submitToMember(call, to);
                }
                default -> {
                    to = pick(members);
                    sent = to == null ? null : executor.submitToMember(call, to);
                }
            }
        } catch (HazelcastSerializationException e) {
            IllegalArgumentException bad = new IllegalArgumentException("cluster task " + task.getClass().getName()
                    + " cannot be sent (is it Serializable, with serializable fields?): " + e.getMessage(), e);
            if (first) {
                throw bad;
            }
            promise.tryFail(bad);
            return;
        } catch (HazelcastInstanceNotActiveException | RejectedExecutionException e) {
            RuntimeException refused = hz.getLifecycleService().isRunning() ? e
                    : new RejectedExecutionException("cluster runner: Hazelcast instance " + hz.getName() + " is shut down", e);
            if (first) {
                throw refused;
            }
            promise.tryFail(refused);
            return;
        }
        if (sent == null) {
            promise.tryFail(withPrevious(lost("none", "no member is left to run it (" + members.size() + " in the cluster, "
                    + lostMembers.size() + " lost while running it)", null), previous));
            return;
        }
        if (!(sent instanceof CompletionStage<?>)) {
            throw new IllegalStateException("this Hazelcast version's executor futures are not CompletionStages: " + sent);
        }
        Attempt a = new Attempt(to, sent);
        current = a;
        if (to != null) {
            watch.register(a, members);
        }
        @SuppressWarnings("unchecked") CompletionStage<T> stage = (CompletionStage<T>) sent;
        stage.whenComplete(a::answered);
    }

    /** A member of {@code members} this task did not lose, at random; null if there is none. */
    private Member pick(Set<Member> members) {
        List<Member> ok = new ArrayList<>(members.size());
        synchronized (this) {
            for (Member m : members) {
                if (!lostMembers.contains(m.getUuid())) {
                    ok.add(m);
                }
            }
        }
        return ok.isEmpty() ? null : ok.get(ThreadLocalRandom.current().nextInt(ok.size()));
    }

    /** An attempt lost its member: send again if retries are left, else fail. */
    private void onLost(Attempt a, String member, String why, Throwable cause) {
        boolean again;
        synchronized (this) {
            if (a.member != null) {
                lostMembers.add(a.member.getUuid());
            }
            again = left > 0 && !promise.fut().isDone();
            if (again) {
                left--;
            }
        }
        MemberLostException e = lost(member, "member " + member + " " + why + " before it answered", cause);
        if (!again) {
            promise.tryFail(e);
            return;
        }
        try {
            send(false, e);
        } catch (RuntimeException refused) {
            refused.addSuppressed(e);
            promise.tryFail(refused);
        }
    }

    private static MemberLostException withPrevious(MemberLostException e, MemberLostException previous) {
        if (previous != null) {
            e.addSuppressed(previous);
        }
        return e;
    }

    private MemberLostException lost(String member, String what, Throwable cause) {
        return new MemberLostException("cluster task " + task.getClass().getName() + ": " + what, member, cause);
    }

    /** Hazelcast's exception for a lost member, or null if {@code t} is not one. */
    private static Throwable memberLoss(Throwable t) {
        return t instanceof MemberLeftException || t instanceof TargetDisconnectedException
                || t instanceof TargetNotMemberException ? t : null;
    }

    /** What a failure from the member means here: the task's own exception, or a missing class. */
    private Throwable translate(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ClassNotFoundException missing) {
                return new IllegalStateException("cluster task " + task.getClass().getName() + ": a class it needs is not on"
                        + " its member's class path: " + missing.getMessage(), t);
            }
        }
        return t;
    }

    /** One sending of the task to one member; settles once. */
    final class Attempt {
        /** Its member, or null if unknown (a key's partition owner not known at sending). */
        final Member member;
        final Future<T> future;
        private final AtomicBoolean settled = new AtomicBoolean();

        Attempt(Member member, Future<T> future) {
            this.member = member;
            this.future = future;
        }

        private boolean settle() {
            if (!settled.compareAndSet(false, true)) {
                return false;
            }
            if (member != null) {
                watch.unregister(this);
            }
            return true;
        }

        /** The member is gone ({@link ClusterWatch}). */
        void lost(String why) {
            if (settle()) {
                onLost(this, address(), why, null);
            }
        }

        /** Hazelcast's answer. */
        void answered(T value, Throwable e) {
            if (!settle()) {
                return;
            }
            if (e == null) {
                promise.tryComplete(value);
                return;
            }
            Throwable t = e;
            while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
                t = t.getCause();
            }
            Throwable loss = memberLoss(t);
            if (loss != null) {
                String who = loss instanceof MemberLeftException m ? String.valueOf(m.getMember().getAddress()) : address();
                onLost(this, who, loss instanceof TargetDisconnectedException ? "could no longer be reached"
                        : "left the cluster", loss);
                return;
            }
            promise.tryFail(translate(t));
        }

        private String address() {
            return member == null ? "unknown" : String.valueOf(member.getAddress());
        }
    }
}
