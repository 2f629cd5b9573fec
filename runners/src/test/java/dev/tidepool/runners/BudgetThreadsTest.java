package dev.tidepool.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A budget's threads exist while pools use it: forgetting to close a budget costs no thread for ever. */
class BudgetThreadsTest {
    /** The live threads of budget {@code b}: its carriers and its preemption monitor. */
    private static List<Thread> threadsOf(CoreBudget b) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(b.name() + ".")).toList();
    }

    private static void assertAllExit(List<Thread> threads, String what) throws InterruptedException {
        for (Thread t : threads) {
            if (!Stuck.join(t)) {
                Stuck.failWithDump(what + ": " + t.getName() + " still running");
            }
        }
    }

    @Test
    void carriersOfAnUnclosedBudgetExitOnceItsPoolsTerminatedAndStartAgainForTheNextPool() throws Exception {
        CoreBudget b = CoreBudget.of(2);
        for (int round = 0; round < 3; round++) {
            WsPool compute = WsPool.builder().name("compute-" + round).threads(2).budget(b).build();
            FifoPool requests = FifoPool.builder().name("requests-" + round).threads(2).budget(b).build();
            int answer = Stuck.await(compute.spawn(() -> 21), "compute task") + Stuck.await(requests.spawn(() -> 21), "request task");
            assertEquals(42, answer, "both pools run tasks, round " + round);
            List<Thread> threads = threadsOf(b);
            assertEquals(3, threads.size(), "two carriers and the monitor while two pools run: " + threads);
            compute.shutdown();
            requests.shutdown();
            assertTrue(Stuck.awaitTermination(compute) && Stuck.awaitTermination(requests), "both pools terminated");
            assertAllExit(threads, "round " + round);
            assertEquals(List.of(), threadsOf(b), "no thread of the budget is left, round " + round);
        }
        b.close();
    }

    @Test
    void manyForgottenBudgetsLeaveNoThread() throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            CoreBudget b = CoreBudget.of(2);
            WsPool p = WsPool.builder().name("forgotten-" + i).threads(2).budget(b).build();
            assertEquals(i, Stuck.await(p.spawn(() -> 0), "a task on pool " + i) + i);
            threads.addAll(threadsOf(b));
            p.shutdown();
            assertTrue(Stuck.awaitTermination(p), p + " terminated");
        }
        assertEquals(200, threads.size(), "two carriers per budget while its pool ran");
        assertAllExit(threads, "carriers of budgets that were never closed");
    }
}
