package dev.tidepool.runners;

import java.util.List;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/** A pool whose tasks all go through one JCTools MPMC queue, in submission order. */
abstract class SingleQueuePool extends Pool {
    private final MpmcUnboundedXaddArrayQueue<Runnable> queue = new MpmcUnboundedXaddArrayQueue<>(256);

    SingleQueuePool(String name, int threads, CoreBudget budget, PoolHooks hooks) {
        super(name, threads, budget, false, hooks);
    }

    @Override
    final Runnable poll(Slot s, Worker w) {
        return queue.poll();
    }

    @Override
    final boolean pushLocal(Slot s, Runnable task) {
        queue.offer(task);
        return true;
    }

    @Override
    final void pushExternal(Runnable task) {
        queue.offer(task);
    }

    @Override
    final boolean hasQueuedWork() {
        return !queue.isEmpty();
    }

    @Override
    final int queuedCount() {
        return queue.size();
    }

    @Override
    final void drainQueued(List<Runnable> out) {
        for (Runnable t; (t = queue.poll()) != null; ) {
            out.add(t);
        }
    }
}
