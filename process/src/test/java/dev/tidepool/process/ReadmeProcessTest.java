package dev.tidepool.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tidepool.process.readme.Provers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's worker-process snippet runs and prints what the README says. */
class ReadmeProcessTest {
    @Test
    void theSnippetAnswersBothProblemsFromChildJvms() {
        assertEquals(List.of("1000000007 is prime", "1000000008 is not prime"), Provers.run());
    }
}
