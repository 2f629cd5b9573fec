package dev.tidepool.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches one Hazelcast instance for the loss of members, so that a task whose member is gone
 * fails (or is sent again) whatever Hazelcast's own future of it does.
 *
 * <p>Why: Hazelcast reports a lost member to the caller in several ways, depending on who submits
 * and when the member goes: {@code MemberLeftException} on a member, a
 * {@code TargetDisconnectedException} on a client, {@code TargetNotMemberException} for a member
 * already gone; a client whose every member died keeps retrying a new invocation for its
 * invocation timeout (120 s by default); and a task sent to a member in the very moment it leaves
 * may never hear back. The runner therefore always names the member a task goes to, registers
 * each attempt here under that member, and treats the member's removal from the cluster (and a
 * client's disconnection from every member) as the loss of every attempt on it.
 *
 * <p>Implementation overview. One watch per Hazelcast instance, made on first use (a weak map
 * keyed by the instance; the watch keeps no reference to it). {@code pending} maps a member's
 * UUID to the attempts sent to it and not yet settled; an attempt removes itself when it settles.
 * A membership listener loses the attempts of a removed member; a lifecycle listener (a client's
 * CLIENT_DISCONNECTED) loses every attempt, and new submissions fail at once while
 * {@code disconnected} holds. An attempt registered after its member's removal event would never
 * hear of it: Hazelcast updates the member list before it calls listeners, so {@link #register}
 * checks the list after registering, and one of the two sees the removal. Settling an attempt is
 * a CAS of its own ({@link Submission.Attempt}), so a loss racing Hazelcast's own answer acts once.
 */
final class ClusterWatch {
    private static final Map<HazelcastInstance, ClusterWatch> WATCHES = Collections.synchronizedMap(new WeakHashMap<>());

    private final ConcurrentHashMap<UUID, Set<Submission<?>.Attempt>> pending = new ConcurrentHashMap<>();
    private volatile boolean disconnected;

    private ClusterWatch() {}

    /** The watch of {@code hz}, made (and its listeners added) the first time. */
    static ClusterWatch of(HazelcastInstance hz) {
        synchronized (WATCHES) {
            ClusterWatch w = WATCHES.get(hz);
            if (w == null) {
                w = new ClusterWatch();
                w.listenTo(hz);
                WATCHES.put(hz, w);
            }
            return w;
        }
    }

    private void listenTo(HazelcastInstance hz) {
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                // nothing to do: new members take new tasks
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                lose(e.getMember().getUuid(), "left the cluster");
            }
        });
        hz.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.CLIENT_DISCONNECTED) {
                disconnected = true;
                for (UUID member : pending.keySet()) {
                    lose(member, "is no longer reachable: the client lost its connection to every member");
                }
            } else if (e.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED) {
                disconnected = false;
            }
        });
    }

    /** Whether this (client) instance is connected to no member now. */
    boolean disconnected() {
        return disconnected;
    }

    /** Registers {@code a}, then loses it at once if its member is not in {@code members} any more. */
    void register(Submission<?>.Attempt a, Set<Member> members) {
        pending.computeIfAbsent(a.member.getUuid(), k -> ConcurrentHashMap.newKeySet()).add(a);
        if (!members.contains(a.member) || disconnected) {
            a.lost(disconnected ? "is no longer reachable: the client lost its connection to every member"
                    : "left the cluster");
        }
    }

    /** Forgets {@code a}, which has settled. */
    void unregister(Submission<?>.Attempt a) {
        Set<Submission<?>.Attempt> s = pending.get(a.member.getUuid());
        if (s != null) {
            s.remove(a);
        }
    }

    private void lose(UUID member, String why) {
        Set<Submission<?>.Attempt> s = pending.remove(member);
        if (s != null) {
            for (Submission<?>.Attempt a : s) {
                a.lost(why);
            }
        }
    }
}
