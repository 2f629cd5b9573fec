package dev.tidepool.switches;

import dev.tidepool.switches.internal.SwitchEvents;
import dev.tidepool.switches.internal.YieldPoints;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cancellation switch: on when created, turned off once, never on again. Work checks it
 * ({@link #check()}) or registers callbacks ({@link #onTurnOff}) to stop early.
 *
 * <p>Switches form a tree: turning a switch off turns all its descendants off; turning a child off
 * never touches its parent or siblings. A child created under a switch that is off starts off.
 * A switch that is turned off (or closed) leaves its parent, so short-lived children under a
 * long-lived parent cost no memory once they are off.
 *
 * <p>Every callback runs exactly once: on the thread that turns the switch off, or at once on the
 * registering thread if the switch is already off. A callback that throws an exception is reported
 * once through {@link System.Logger} and does not keep the others from running; an {@link Error}
 * does not stop them either, and is thrown to the caller once they have run. Trees of any depth
 * turn off completely.
 *
 * <p>Memory consistency: actions before {@link #turnOff()} happen-before every callback it runs and
 * every {@link #isOff()} that returns true because of it.
 */
public final class Switch implements AutoCloseable {
    /*
     * Implementation overview: `off` is volatile for the lock-free reads (isOn, check). Callbacks
     * are nodes of an intrusive doubly-linked list guarded by the switch's monitor, so
     * registration and unregistration are O(1). turnOff flips `off` and detaches the whole list
     * under the monitor, exactly once, then runs the callbacks outside it; a node detached that way
     * is marked so that a late close() of its handle does nothing. A child registers a node on its
     * parent and removes it when it turns off, which is what keeps churned children from leaking.
     * That node is a ChildLink, which turnOff recognises: it walks the tree with an explicit stack
     * of pending callback lists instead of recursing through child.turnOff(), so the depth of a
     * tree never reaches the thread's stack.
     */
    private static final System.Logger LOG = System.getLogger("dev.tidepool.switches");
    private static final ScopedValue<Switch> CURRENT = ScopedValue.newInstance();
    private static final AtomicLong IDS = new AtomicLong();
    private static final Handle NO_HANDLE = () -> {};
    /** Stands for "no current switch" in the one-lookup read of {@link #currentOrNull()}. */
    private static final Switch NONE = new Switch(null);
    /**
     * Whether any code ever made a switch current. Until then {@link #currentOrNull()} is null
     * without a lookup: spawn, fork and every continuation ask for it. A thread that reads false
     * is under no switch: its own callAsCurrent would have written true first, and a thread that
     * inherits bindings is started after its parent made them.
     */
    private static volatile boolean everCurrent;

    private final long id = IDS.incrementAndGet();
    private final Switch parent;
    private volatile boolean off;
    private final Node sentinel = new Node(null);
    private Handle inParent = NO_HANDLE;

    /** Unregisters a callback; closing it after the callback ran, or twice, does nothing. */
    @FunctionalInterface
    public interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    private final class Node implements Handle {
        final Runnable action;
        Node prev;
        Node next;

        Node(Runnable action) {
            this.action = action;
        }

        @Override
        public void close() {
            synchronized (Switch.this) {
                if (prev != null) {
                    prev.next = next;
                    next.prev = prev;
                    prev = null;
                    next = null;
                }
            }
        }
    }

    private Switch(Switch parent) {
        this.parent = parent;
        sentinel.prev = sentinel;
        sentinel.next = sentinel;
    }

    /**
     * A new switch, on, with no parent.
     *
     * @return a new switch
     */
    public static Switch create() {
        return new Switch(null);
    }

    /**
     * A new switch under {@code parent}: on, unless the parent is already off.
     *
     * @param parent the switch whose turning off turns this one off
     * @return a new switch
     */
    public static Switch create(Switch parent) {
        Objects.requireNonNull(parent, "parent");
        Switch child = new Switch(parent);
        Handle h = parent.onTurnOff(new ChildLink(child));
        synchronized (child) {
            if (!child.off) {
                child.inParent = h;
                return child;
            }
        }
        h.close();
        return child;
    }

    /**
     * Whether the switch is still on.
     *
     * @return true until turned off
     */
    public boolean isOn() {
        return !off;
    }

    /**
     * Whether the switch has been turned off.
     *
     * @return true once turned off
     */
    public boolean isOff() {
        return off;
    }

    /**
     * Runs {@code callback} when the switch turns off, or now if it already is. The handle
     * unregisters the callback.
      *
      * @param callback run once, on the thread that turns the switch off
      * @return the handle that unregisters the callback
     */
    public Handle onTurnOff(Runnable callback) {
        Objects.requireNonNull(callback, "callback");
        synchronized (this) {
            if (!off) {
                Node n = new Node(callback);
                n.prev = sentinel.prev;
                n.next = sentinel;
                sentinel.prev.next = n;
                sentinel.prev = n;
                return n;
            }
        }
        Error e = runGuarded(callback, null);
        if (e != null) {
            throw e;
        }
        return NO_HANDLE;
    }

    /**
     * Turns the switch and all its descendants off; does nothing if it is off already. Callbacks
     * run depth first: a switch's own callbacks in registration order, each child's subtree at the
     * place where the child was created. Trees of any depth are turned off completely (the walk
     * keeps its own stack, not the thread's).
     *
     * @throws Error the first {@link Error} a callback threw (later ones suppressed in it), once
     *     every other callback has run; a callback's {@link Exception} is logged instead
     */
    public void turnOff() {
        List<Runnable> own = detach();
        if (own == null) {
            return;
        }
        Error error = null;
        ArrayDeque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(this, own));
        while (!stack.isEmpty()) {
            Pending top = stack.peek();
            if (top.next == top.actions.size()) {
                stack.pop();
                continue;
            }
            Runnable r = top.actions.get(top.next++);
            if (r instanceof ChildLink link) {
                List<Runnable> sub = link.child.detach();
                if (sub != null) {
                    stack.push(new Pending(link.child, sub));
                }
            } else {
                error = top.owner.runGuarded(r, error);
            }
        }
        if (error != null) {
            throw error;
        }
    }

    /** The callbacks of a switch being turned off, and how many of them have run. */
    private static final class Pending {
        final Switch owner;
        final List<Runnable> actions;
        int next;

        Pending(Switch owner, List<Runnable> actions) {
            this.owner = owner;
            this.actions = actions;
        }
    }

    /** The callback a child registers on its parent; turnOff walks into it instead of calling it. */
    private record ChildLink(Switch child) implements Runnable {
        @Override
        public void run() {
            child.turnOff();
        }
    }

    /**
     * Flips this switch off and takes its callbacks, exactly once; null if it was off already.
     * Leaves the parent's list and reports the turn-off to tracing.
     */
    private List<Runnable> detach() {
        List<Runnable> toRun = new ArrayList<>();
        Handle fromParent;
        synchronized (this) {
            if (off) {
                return null;
            }
            off = true;
            for (Node n = sentinel.next; n != sentinel; ) {
                Node next = n.next;
                toRun.add(n.action);
                n.prev = null;
                n.next = null;
                n = next;
            }
            sentinel.prev = sentinel;
            sentinel.next = sentinel;
            fromParent = inParent;
            inParent = NO_HANDLE;
        }
        SwitchEvents.turnedOff(this);
        fromParent.close();
        return toRun;
    }

    /** Same as {@link #turnOff()}. */
    @Override
    public void close() {
        turnOff();
    }

    /**
     * Throws if the switch is off. Called by a task on a Tidepool runner, it is also a preemption
     * point: if another pool on the same core budget is owed time, the task gives its core up here
     * and goes on once it gets one back (one read when nobody is owed time).
     *
     * @throws SwitchOffException if it is off
     */
    public void check() {
        if (off) {
            throw new SwitchOffException(this);
        }
        YieldPoints.point();
    }

    /**
     * Turns the switch off after {@code delay} unless it is off before; returns this switch.
     *
      * @param delay how long from now
      * @return this switch
     * @throws IllegalArgumentException if {@code delay} is negative
     */
    public Switch turnOffAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        long nanos;
        try {
            nanos = delay.toNanos();
        } catch (ArithmeticException tooLong) {
            return this; // centuries away: never
        }
        ScheduledFuture<?> timer = Timer.EXECUTOR.schedule(this::turnOff, nanos, TimeUnit.NANOSECONDS);
        onTurnOff(() -> timer.cancel(false));
        return this;
    }

    /**
     * The parent, if any.
     *
     * @return the parent, or empty for a root switch
     */
    public Optional<Switch> parent() {
        return Optional.ofNullable(parent);
    }

    /**
     * The switch the running code is under: its task's (the one it was spawned under), or the one
     * {@link #callAsCurrent} made current. It travels as a task-local value does: the tasks the code
     * spawns, the fork-join parts it forks, the continuations it registers on a future
     * ({@code map}, {@code flatMap}, {@code onComplete} ...) and the work it hands to
     * {@code Runner.run} start under it, and a task keeps it across {@code await}.
     *
     * @return the switch, or empty outside such code
     */
    public static Optional<Switch> current() {
        return Optional.ofNullable(currentOrNull());
    }

    /**
     * Like {@link #current()}, without the Optional.
     *
     * @return the switch, or null outside such a task
     */
    public static Switch currentOrNull() {
        if (!everCurrent) {
            return null;
        }
        Switch s = CURRENT.orElse(NONE); // one lookup; orElse does not take null
        return s == NONE ? null : s;
    }

    /**
     * Runs {@code body} with this switch as {@link #current()}, for code that starts tasks.
     *
     * @param <T> type of the result
     * @param body the code to run
     * @return what {@code body} returned
     * @throws Exception what {@code body} threw
     */
    public <T> T callAsCurrent(Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        if (!everCurrent) {
            everCurrent = true;
        }
        return ScopedValue.where(CURRENT, this).call(body::call);
    }

    /**
     * Runs {@code body} with no current switch: what it awaits, receives or sends no longer stops
     * when the caller's switch turns off, and the tasks it spawns and forks run under no switch.
     * For clean-up that must finish once the work it cleans up after was cancelled, as Go's
     * {@code context.WithoutCancel} and Kotlin's {@code NonCancellable} are.
     *
     * @param <T> type of the result
     * @param body the code to run
     * @return what {@code body} returned
     * @throws Exception what {@code body} threw
     */
    public static <T> T callDetached(Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        return ScopedValue.where(CURRENT, NONE).call(body::call);
    }

    /** Callbacks registered and not yet run or closed (children included); for tests. */
    synchronized int registeredCallbacks() {
        int n = 0;
        for (Node x = sentinel.next; x != sentinel; x = x.next) {
            n++;
        }
        return n;
    }

    @Override
    public String toString() {
        return "Switch#" + id + (off ? "[off]" : "[on]");
    }

    /**
     * Runs a callback of this switch: an exception is logged; an error is returned (the first one,
     * with later ones suppressed in it) for the caller to throw once the other callbacks ran.
     */
    private Error runGuarded(Runnable r, Error first) {
        try {
            r.run();
        } catch (Error e) {
            if (first == null) {
                return e;
            }
            if (e != first) {
                first.addSuppressed(e);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a turn-off callback of " + this + " threw", e);
        }
        return first;
    }
}
