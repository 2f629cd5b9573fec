package dev.tidepool.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestServerTest {
    @Test
    void everyRequestIsAnsweredAndLoggedOnceWhileComputeRuns(@TempDir Path dir) throws Exception {
        RequestServer.Settings s = new RequestServer.Settings(2, 150, 200, 2000, true);
        RequestServer.Report r = RequestServer.run(s, dir.resolve("log"));
        assertEquals(0, r.wrongAnswers());
        assertEquals(0, r.logMismatches());
        assertEquals(900, r.logLines());
        assertEquals(150, r.idle().count());
        assertTrue(r.computeRounds() > 0);
        assertEquals(Math.PI, r.pi(), 1e-9);
        assertTrue(RequestServer.passed(r, s));
        assertTrue(r.idle().p50() <= r.idle().p90() && r.idle().p90() <= r.idle().p99() && r.idle().p99() <= r.idle().max());
    }

    @Test
    void passedSeesEachKindOfFailure() {
        RequestServer.Settings s = new RequestServer.Settings(2, 10, 0, 1, false);
        RequestServer.Latency l = RequestServer.Latency.of(new long[] {3, 1, 2, 4, 5, 6, 7, 8, 9, 10});
        assertEquals(new RequestServer.Latency(10, 5, 9, 10, 10), l);
        assertTrue(RequestServer.passed(new RequestServer.Report(l, l, l, 0, 30, 0, 1, Math.PI), s));
        assertFalse(RequestServer.passed(new RequestServer.Report(l, l, l, 1, 30, 0, 1, Math.PI), s));
        assertFalse(RequestServer.passed(new RequestServer.Report(l, l, l, 0, 29, 0, 1, Math.PI), s));
        assertFalse(RequestServer.passed(new RequestServer.Report(l, l, l, 0, 30, 1, 1, Math.PI), s));
        assertFalse(RequestServer.passed(new RequestServer.Report(l, l, l, 0, 30, 0, 0, Math.PI), s));
        assertFalse(RequestServer.passed(new RequestServer.Report(l, l, l, 0, 30, 0, 1, 3.14), s));
        assertThrows(IllegalArgumentException.class, () -> new RequestServer.Settings(0, 1, 1, 1, false));
    }
}
