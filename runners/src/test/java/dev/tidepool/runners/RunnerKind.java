package dev.tidepool.runners;

import java.util.concurrent.atomic.AtomicInteger;

/** Every kind of runner a program can build, for the fault and soak tests. */
enum RunnerKind {
    WS, FIFO, BACKGROUND;

    /** Tasks on a Background runner block its only thread when they await, so tests never make them. */
    boolean awaitsInside() {
        return this != BACKGROUND;
    }

    Runner build(String name) {
        return build(name, new AtomicInteger(), new AtomicInteger());
    }

    /** A runner with a single worker, so that consecutive tasks run on the same worker. */
    Runner single(String name) {
        return switch (this) {
            case WS -> WsPool.builder().name(name).threads(1).build();
            case FIFO -> FifoPool.builder().name(name).threads(1).build();
            case BACKGROUND -> Background.create(name);
        };
    }

    /**
     * A runner with 4 workers (1 for Background) whose worker threads are counted in {@code live},
     * with the highest count seen in {@code peak} (Background's one thread is not counted).
     */
    Runner build(String name, AtomicInteger live, AtomicInteger peak) {
        return switch (this) {
            case WS -> counted(WsPool.builder(), live, peak).name(name).threads(4).build();
            case FIFO -> counted(FifoPool.builder(), live, peak).name(name).threads(4).build();
            case BACKGROUND -> Background.create(name);
        };
    }

    private static <B extends PoolBuilder<B, ?>> B counted(B builder, AtomicInteger live, AtomicInteger peak) {
        return builder.onThreadStart(t -> peak.accumulateAndGet(live.incrementAndGet(), Math::max))
                .onThreadExit(t -> live.decrementAndGet());
    }
}
