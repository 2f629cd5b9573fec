package dev.tidepool.forkjoin;

import dev.tidepool.futures.TaskContext;
import dev.tidepool.futures.spi.Rethrow;
import dev.tidepool.runners.spi.WorkerQueue;
import java.util.concurrent.Callable;
import java.util.function.BinaryOperator;

/**
 * Runs one range chunk in consecutive pieces of about {@value #TARGET_MICROS} µs, with a
 * preemption point between pieces, so that a long chunk (pi's n / workers) never holds a core for
 * longer than a piece while another pool is owed time.
 *
 * <p>The piece size is learnt per operation ({@link Group#piece}): a chunk of unknown cost starts
 * with one index and doubles while a piece takes less than half the target; the size that lasts
 * about the target is kept for the next chunks. A chunk expected to take under a quarter of the
 * target runs whole, untimed, so fine-grained chunks pay nothing; one in {@value #RETIME} of them is
 * timed again in case the cost per index changed along the range. Each timed piece costs two
 * {@link System#nanoTime()} calls, a few hundredths of a percent of a piece.
 *
 * <p>Every call of the body, whole chunk or piece, starts with the task-local values of the task
 * that started the operation, and what one call sets is seen by no other call (nor by the task):
 * where a chunk is cut is the runtime's choice, so no call may depend on another's values.
 */
final class Pieces {
    static final int TARGET_MICROS = 20;
    private static final long TARGET = TARGET_MICROS * 1_000L;
    private static final int RETIME = 16;

    private Pieces() {}

    static <T> T run(WorkerQueue q, Group g, int lo, int hi, RangeFunction<? extends T> body,
            BinaryOperator<T> combine) {
        int n = hi - lo;
        int known = g.piece;
        if (known >= 4 * n && (++g.untimed & (RETIME - 1)) != 0) {
            return call(g, body, lo, hi);
        }
        int size = known == 0 ? 1 : Math.min(Math.max(1, known), n);
        T acc = null;
        for (int i = lo; ; ) {
            int end = (int) Math.min((long) i + size, hi);
            long start = System.nanoTime();
            T part = call(g, body, i, end);
            long took = Math.max(1L, System.nanoTime() - start);
            acc = i == lo ? part : combine.apply(acc, part);
            long perTarget = Math.min(Integer.MAX_VALUE, (end - i) * TARGET / took);
            g.piece = (int) Math.max(1L, perTarget);
            i = end;
            if (i >= hi) {
                return acc;
            }
            size = took < TARGET / 2 ? (int) Math.min((long) size * 2, Integer.MAX_VALUE) : (int) Math.max(1L, perTarget);
            q.yieldPoint();
            if (g.stopped()) {
                return acc; // the operation failed or was switched off: start no new piece either
            }
        }
    }

    /** One call of the body, in the operation's task context (see the class comment). */
    private static <T> T call(Group g, RangeFunction<? extends T> body, int lo, int hi) {
        Callable<T> part = () -> body.apply(lo, hi);
        try {
            return TaskContext.needed(g.context) ? TaskContext.callIn(g.context, part) : TaskContext.callDirect(part);
        } catch (Exception e) {
            throw Rethrow.unchecked(e); // the body throws unchecked exceptions only
        }
    }
}
