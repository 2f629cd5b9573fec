package dev.tidepool.runners;

/** The two pool kinds that every behavioural test runs against. */
enum Kind {
    WS, FIFO;

    Pool build(String name, int threads, CoreBudget budget) {
        return switch (this) {
            case WS -> WsPool.builder().name(name).threads(threads).budget(budget).build();
            case FIFO -> FifoPool.builder().name(name).threads(threads).budget(budget).build();
        };
    }

    /** A pool whose workers the simulation may wake spuriously. */
    Pool build(String name, int threads, CoreBudget budget, SimScheduler sim) {
        return switch (this) {
            case WS -> WsPool.builder().name(name).threads(threads).budget(budget).onThreadStart(sim::wakeSpuriously).build();
            case FIFO -> FifoPool.builder().name(name).threads(threads).budget(budget).onThreadStart(sim::wakeSpuriously).build();
        };
    }

    Pool build(String name, int threads) {
        return build(name, threads, CoreBudget.shared());
    }
}
