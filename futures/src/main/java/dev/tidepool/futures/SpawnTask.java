package dev.tidepool.futures;

import dev.tidepool.futures.spi.PendingTask;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/** Runs a callable once and settles its future; skips the call if the future already settled. */
final class SpawnTask<T> implements PendingTask {
    private final Fut<T> fut;
    private final Callable<T> body;

    SpawnTask(Fut<T> fut, Callable<T> body) {
        this.fut = fut;
        this.body = body;
    }

    @Override
    public void run() {
        if (fut.isDone()) {
            return; // cancelled before it started
        }
        T value;
        try {
            value = body.call();
        } catch (Throwable e) {
            fut.tryFailWith(e);
            return;
        }
        fut.trySucceed(value);
    }

    @Override
    public void abandon(CancellationException reason) {
        fut.tryFailWith(reason);
    }

    @Override
    public boolean settles(Object f) {
        return f == fut;
    }

    @Override
    public String toString() {
        return "SpawnTask[" + body + "]";
    }
}
