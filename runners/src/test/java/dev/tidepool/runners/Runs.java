package dev.tidepool.runners;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * How long the Lincheck, fault and soak tests run: short by default (CI), long with
 * {@code -Dtidepool.runs=long}. Lincheck scenarios have 2 threads of up to 4 operations after up
 * to 3 sequential ones.
 */
final class Runs {
    static final boolean LONG = "long".equals(System.getProperty("tidepool.runs"));

    private Runs() {}

    /** {@code shortRun} in a short run, {@code longRun} in a long one. */
    static long pick(long shortRun, long longRun) {
        return LONG ? longRun : shortRun;
    }

    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions().iterations(LONG ? 100 : 40).invocationsPerIteration(LONG ? 5_000 : 1_000)
                .threads(2).actorsPerThread(4).actorsBefore(3).actorsAfter(2);
    }

    static StressOptions stress() {
        return new StressOptions().iterations(LONG ? 100 : 40).invocationsPerIteration(LONG ? 20_000 : 2_000)
                .threads(2).actorsPerThread(4).actorsBefore(3).actorsAfter(2);
    }
}
