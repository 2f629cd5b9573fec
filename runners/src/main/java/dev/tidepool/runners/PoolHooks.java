package dev.tidepool.runners;

import java.util.function.Consumer;

/** The optional callbacks of a pool; null fields mean "use the default". */
record PoolHooks(
        Consumer<? super Throwable> onException,
        Consumer<? super Thread> onThreadStart,
        Consumer<? super Thread> onThreadExit) {
    static final PoolHooks NONE = new PoolHooks(null, null, null);
}
