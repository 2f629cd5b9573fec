package dev.tidepool.bench.jmh;

import dev.tidepool.switches.Switch;
import dev.tidepool.sync.Immlock;
import dev.tidepool.sync.Lock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Single-threaded costs of the sync helpers next to their JDK counterparts (no tracer installed):
 * a read ({@code Immlock.get} / {@code AtomicReference.get}), an uncontended update
 * ({@code Lock.update} / {@code ReentrantLock} around the same increment) and a cancellation check
 * ({@code Switch.check} on an on switch / reading an {@code AtomicBoolean}). Score: ns per op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SyncBench {
    @Param({"tidepool", "JDK"})
    public String impl;

    private boolean tidepool;
    private Immlock<Integer> immlock;
    private AtomicReference<Integer> ref;
    private Lock<Integer> lock;
    private ReentrantLock reentrant;
    private Integer counter = 0;
    private static final UnaryOperator<Integer> INCREMENT = x -> x + 1;
    private Switch sw;
    private AtomicBoolean cancelled;

    @Setup
    public void setUp() {
        tidepool = impl.equals("tidepool"); // decided once: no string compare inside the measured code
        immlock = Immlock.create("bench", 42);
        ref = new AtomicReference<>(42);
        lock = Lock.create("bench", 0);
        reentrant = new ReentrantLock();
        sw = Switch.create();
        cancelled = new AtomicBoolean();
    }

    @Benchmark
    public Integer read() {
        return tidepool ? immlock.get() : ref.get();
    }

    @Benchmark
    public void uncontendedUpdate() {
        if (tidepool) {
            lock.update(INCREMENT);
        } else {
            reentrant.lock();
            try {
                counter = INCREMENT.apply(counter); // the same critical section as Lock.update
            } finally {
                reentrant.unlock();
            }
        }
    }

    @Benchmark
    public void check() {
        if (tidepool) {
            sw.check();
        } else if (cancelled.get()) {
            throw new IllegalStateException("cancelled");
        }
    }
}
