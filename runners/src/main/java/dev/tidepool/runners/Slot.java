package dev.tidepool.runners;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One worker position of a pool: its index, its deque (work-stealing pools only), its idle state
 * and the fiber that currently holds it. A suspended task's fiber hands its slot, deque included,
 * to a replacement fiber, so the pool always has its configured number of runnable workers.
 * Helper slots are extra positions started while a worker sits in a JDK wait; they name the slot
 * they stand in for. A floating slot gives a worker whose task came back from a suspension
 * (without its slot) a deque of its own again for the rest of that task, so that its forks stay
 * stealable and its joins take them back from a deque.
 */
final class Slot {
    static final int ACTIVE = 0;
    static final int IDLE = 1;
    static final int SIGNALLED = 2;

    private static final VarHandle IDLE_STATE;

    static {
        try {
            IDLE_STATE = MethodHandles.lookup().findVarHandle(Slot.class, "idleState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    final WsDeque deque;
    /** The slot this helper stands in for, or null for a core or floating slot. */
    final Slot helperFor;
    /** Whether this is a floating slot (see the class comment). */
    final boolean floating;
    /** The fiber holding this slot; written before the fiber is started or unparked. */
    volatile Worker owner;
    /** The helper standing in for this slot while its owner is blocked, if any. */
    volatile Slot helper;
    @SuppressWarnings("unused") // accessed through IDLE_STATE
    private volatile int idleState;

    Slot(int index, boolean withDeque, Slot helperFor) {
        this(index, withDeque, helperFor, false);
    }

    Slot(int index, boolean withDeque, Slot helperFor, boolean floating) {
        this.index = index;
        this.deque = withDeque ? new WsDeque(floating ? 8 : 32) : null;
        this.helperFor = helperFor;
        this.floating = floating;
    }

    int idleState() {
        return (int) IDLE_STATE.getVolatile(this);
    }

    void setIdleState(int s) {
        IDLE_STATE.setVolatile(this, s);
    }

    boolean casIdleState(int expect, int update) {
        return IDLE_STATE.compareAndSet(this, expect, update);
    }

    @Override
    public String toString() {
        return (floating ? "floating slot " : helperFor == null ? "slot " : "helper slot ") + index;
    }
}
