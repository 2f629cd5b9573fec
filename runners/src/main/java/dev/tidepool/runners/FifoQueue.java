package dev.tidepool.runners;

import java.util.List;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * One JCTools MPMC queue for every task, from inside or outside the pool, so tasks start in
 * submission order ({@link FifoPool}, {@link Background}). Nothing is kept per slot.
 */
final class FifoQueue implements TaskQueues {
    private final MpmcUnboundedXaddArrayQueue<Runnable> queue = TaskQueue.create();

    @Override
    public Runnable poll(Slot s, Worker w) {
        return queue.poll();
    }

    @Override
    public boolean pushLocal(Slot s, Runnable task) {
        queue.offer(task);
        return true;
    }

    @Override
    public void pushExternal(Runnable task) {
        queue.offer(task);
    }

    @Override
    public boolean hasQueuedWork() {
        return !queue.isEmpty();
    }

    @Override
    public int queuedCount() {
        return queue.size();
    }

    @Override
    public void drainQueued(List<Runnable> out) {
        for (Runnable t; (t = queue.poll()) != null; ) {
            out.add(t);
        }
    }
}
