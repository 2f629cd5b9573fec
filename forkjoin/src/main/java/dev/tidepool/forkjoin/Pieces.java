package dev.tidepool.forkjoin;

import dev.tidepool.futures.TaskContext;
import dev.tidepool.futures.spi.Rethrow;
import dev.tidepool.runners.spi.WorkerQueue;
import java.util.concurrent.Callable;
import java.util.function.BinaryOperator;

/**
 * Runs one range chunk in consecutive pieces of about {@value #TARGET_MICROS} µs, with a
 * preemption point between pieces, so that a long chunk (pi's n / workers) never holds a core for
 * longer than a piece while another pool is owed time; and keeps chunks whole where cutting them
 * would cost more than it saves.
 *
 * <p><b>The cost model.</b> A call of the body on {@code k} indexes is taken to cost
 * {@code a + b·k}: {@code a} per call (the body's set-up: a buffer, a handle), {@code b} per index.
 * A piece is sized to last {@code max(TARGET, 4a)}, so the cost per call is at most a quarter of a
 * piece's time and a body whose calls cost far more than its indexes runs its chunks whole.
 * Both numbers are learnt per operation ({@link Group#piece}, {@link Group#perCall}), as follows:
 * <ul>
 *   <li>A chunk of unknown cost starts with one index and doubles while a piece takes less than
 *       half the target. The size that lasts about a piece's time is kept for the next chunks.</li>
 *   <li>Once a piece of one index takes at least half the target, the next piece has two: if its
 *       time grows with it, the cost is per index, and the pieces stay at one. The question is
 *       asked again after 2, 4, 8 … more such pieces, so one late sample is not believed for ever.</li>
 *   <li>When a piece at least twice as large as the one before took less than 1.5 times as long,
 *       the cost per call is suspected; it is believed only after a piece 16 times as large as the
 *       one before still took less than 1.5 times as long. A single late sample (a preempted
 *       carrier) can therefore cost one piece of 16 times the size, never whole chunks run
 *       without preemption points. Once believed, the next piece is at least 256 times as large
 *       as the last: the cost per index of a small piece is lost in the noise of its call.</li>
 * </ul>
 * A chunk expected to take under a quarter of a piece runs whole, untimed, so fine-grained chunks
 * pay nothing; one in {@value #RETIME} of them is timed again in case the cost changed along the
 * range. Each timed piece costs two {@link System#nanoTime()} calls. A body whose calls cost
 * 15 ms each whatever their range is called once per chunk, plus 4 times for each chunk that
 * learns that cost while no other has learnt it yet (one per worker, at the start): pieces of 1,
 * 2, 32 and 8,192 indexes (or as many as the first, noisy estimate of the cost per index allows,
 * if more); a late sample can add a few.
 *
 * <p>Every call of the body, whole chunk or piece, starts with the task-local values of the task
 * that started the operation, and what one call sets is seen by no other call (nor by the task):
 * where a chunk is cut is the runtime's choice, so no call may depend on another's values.
 */
final class Pieces {
    static final int TARGET_MICROS = 20;
    private static final long TARGET = TARGET_MICROS * 1_000L;
    private static final int RETIME = 16;
    /** How much larger than the one before a piece must be to confirm a cost per call. */
    private static final int CONFIRM = 16;

    private Pieces() {}

    static <T> T run(WorkerQueue q, Group g, int lo, int hi, RangeFunction<? extends T> body,
            BinaryOperator<T> combine) {
        int n = hi - lo;
        int known = g.piece;
        if (known >= 4L * n && (++g.untimed & (RETIME - 1)) != 0) {
            return call(g, body, lo, hi);
        }
        long size = known == 0 ? 1 : Math.max(1, known);
        T acc = null;
        int before = 0; // the size of the piece before, 0 at the chunk's first
        long beforeTook = 0;
        int ones = 0; // pieces of one index that lasted half a piece's time or more
        for (int i = lo; ; ) {
            int end = (int) Math.min(i + size, hi);
            int k = end - i;
            long start = System.nanoTime();
            T part = call(g, body, i, end);
            long took = Math.max(1L, System.nanoTime() - start);
            acc = i == lo ? part : combine.apply(acc, part);
            i = end;
            if (took >= TARGET / 2 && before > 0 && k >= 2L * before && 2 * took < 3 * beforeTook) {
                // the piece grew twice or more, its time by less than half: a cost per call
                if (k < (long) CONFIRM * before) {
                    size = (long) k * CONFIRM; // suspected: confirm with a much larger piece
                } else {
                    double perCall = beforeTook - (double) (took - beforeTook) * before / (k - before);
                    g.perCall = (long) Math.clamp(perCall, 0.0, beforeTook);
                    // the cost per index is within the noise of such a call: grow fast
                    size = Math.max(learn(g, k, took), (long) k * CONFIRM * CONFIRM);
                }
            } else if (took < TARGET / 2) {
                learn(g, k, took);
                size = 2L * k; // short samples are noisy: grow step by step
            } else {
                size = learn(g, k, took);
                if (k == 1 && size <= 1 && Integer.bitCount(++ones) == 1) {
                    size = 2; // does the time follow the size? Asked again after 2, 4, 8 … such pieces
                }
            }
            if (i >= hi) {
                return acc;
            }
            before = k;
            beforeTook = took;
            q.yieldPoint();
            if (g.stopped()) {
                return acc; // the operation failed or was switched off: start no new piece either
            }
        }
    }

    /**
     * The size of a piece that lasts a piece's time, from a call of {@code k} indexes that took
     * {@code took} ns and the operation's cost per call; kept as the operation's hint.
     */
    private static long learn(Group g, int k, long took) {
        long perCall = g.perCall;
        long pieceTime = Math.max(TARGET, 4 * perCall);
        long perIndexes = took - perCall;
        long size = perIndexes <= 0 ? Integer.MAX_VALUE
                : (long) Math.min(Integer.MAX_VALUE, Math.max(1.0, (double) (pieceTime - perCall) * k / perIndexes));
        g.piece = (int) size;
        return size;
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
