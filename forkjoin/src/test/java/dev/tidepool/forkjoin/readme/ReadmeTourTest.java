package dev.tidepool.forkjoin.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidepool.futures.Both;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java blocks run and compute what they say. */
class ReadmeTourTest {
    @Test
    void tourRuns(@TempDir Path dir) throws Exception {
        Path log = Files.createFile(dir.resolve("tour.log"));
        // 334 multiples of 3 below 1000 ("total 334" is 9 characters), 333,334 below 1,000,000,
        // 4 below 10 and 6 from 10 to 29.
        assertEquals("9 tour.log 333334 " + new Both<>(4L, 6L) + " got ready 42", Tour.run(log));
        assertEquals("total 334\n", Files.readString(log));
    }

    @Test
    void channelsRun() {
        assertEquals(List.of(1, 4, 9, 16, 25), Channels.run());
    }

    @Test
    void taskLocalsRun() throws Exception {
        assertEquals("req-42+req-42 req-42 req-42", TaskLocals.run());
    }

    @Test
    void switchesAndLocksRun() {
        assertEquals("cancelled 499999500000 {k=1} [a]", SwitchesAndLocks.run());
    }
}
