package dev.tidepool.runners.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The kit fails a runner that makes one of the SPI's mistakes, in the check for it, with a message
 * that names the mistake: it runs the kit's checks on the two faulty runners through JUnit's own
 * engine and reads the outcome.
 */
class KitCatchesMistakesTest {
    private static Events run(Class<?> kit, String check) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(kit, check)).execute().testEvents();
    }

    private static String failureOf(Events events) {
        List<Event> failed = events.failed().list();
        assertEquals(1, failed.size(), "the check failed once: " + events.list());
        return failed.getFirst().getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow().getMessage();
    }

    @Test
    void aRunnerThatForgetsClearFailsTheFreshJvmCheck() {
        String message = failureOf(run(ForgetsClear.class, "aValueSetByATaskIsNotLeftOnItsThread"));
        assertTrue(message.contains("call TaskContext.clear() after each task"), message);
        assertEquals(1, run(ForgetsClear.class, "taskLocalValuesTravelWithTheWork").succeeded().count(),
                "its other checks pass: the mistake shows only where the kit looks for it");
    }

    @Test
    void aRunnerThatWrapsPendingTasksFailsTheShutdownNowCheck() {
        String message = failureOf(run(WrapsPendingTasks.class, "shutdownNowAbandonsTheQueuedSpawnedTasks"));
        assertTrue(message.contains("a runner must queue a PendingTask as it is, not wrapped"), message);
    }

    @Test
    void theSameRunnerMadeRightPassesBoth() {
        assertEquals(1, run(SeatRunnerConformanceTest.class, "aValueSetByATaskIsNotLeftOnItsThread").succeeded().count());
        assertEquals(1, run(SeatRunnerConformanceTest.class, "shutdownNowAbandonsTheQueuedSpawnedTasks").succeeded().count());
    }
}
