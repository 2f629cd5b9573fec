package dev.tidepool.runners;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An int counter alone on its cache line. The pools' hot counters ({@code searching},
 * {@code busy}, {@code idleCount}) are written by workers going idle or searching, many times a
 * millisecond; sharing a line with the fields every fork reads made fork-join up to 50% slower in
 * the JVMs whose allocation happened to put them together (a bimodal JMH result). The padding
 * classes put 64 bytes of unused fields on each side of the value (HotSpot lays out a class's
 * superclass fields first), as JCTools does.
 */
final class PaddedCounter extends PaddedCounterRight {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(PaddedCounterValue.class, "value", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    int get() {
        return (int) VALUE.getVolatile(this);
    }

    void set(int v) {
        VALUE.setVolatile(this, v);
    }

    int incrementAndGet() {
        return (int) VALUE.getAndAdd(this, 1) + 1;
    }

    int decrementAndGet() {
        return (int) VALUE.getAndAdd(this, -1) - 1;
    }

    @Override
    public String toString() {
        return Integer.toString(get());
    }
}

/** Padding before the value of a {@link PaddedCounter}. */
abstract class PaddedCounterLeft {
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The value of a {@link PaddedCounter}. */
abstract class PaddedCounterValue extends PaddedCounterLeft {
    volatile int value;
}

/** Padding after the value of a {@link PaddedCounter}. */
abstract class PaddedCounterRight extends PaddedCounterValue {
    long p10, p11, p12, p13, p14, p15, p16, p17;
}
