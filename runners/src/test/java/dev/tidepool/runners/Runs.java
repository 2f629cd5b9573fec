package dev.tidepool.runners;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * Lincheck settings: a short run by default (CI), a long one with {@code -Dtidepool.runs=long}.
 * Scenarios have 2 threads of up to 4 operations after up to 3 sequential ones.
 */
final class LincheckRuns {
    static final boolean LONG = "long".equals(System.getProperty("tidepool.runs"));

    private LincheckRuns() {}

    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions().iterations(LONG ? 300 : 40).invocationsPerIteration(LONG ? 10_000 : 1_000)
                .threads(2).actorsPerThread(4).actorsBefore(3).actorsAfter(2);
    }

    static StressOptions stress() {
        return new StressOptions().iterations(LONG ? 300 : 40).invocationsPerIteration(LONG ? 50_000 : 2_000)
                .threads(2).actorsPerThread(4).actorsBefore(3).actorsAfter(2);
    }
}
