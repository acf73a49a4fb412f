package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvAssignmentsTest {

    @Test
    void valuesKeepCommasAndEqualsSignsAndALaterFlagWins() {
        Map<String, String> parsed = EnvAssignments.parse(List.of("A=1,2,3", "URL=http://x/?a=b", "A=again", "EMPTY="));

        assertEquals(List.of("A", "URL", "EMPTY"), List.copyOf(parsed.keySet()));
        assertEquals("again", parsed.get("A"));
        assertEquals("http://x/?a=b", parsed.get("URL"));
        assertEquals("", parsed.get("EMPTY"));
    }

    @Test
    void anAssignmentWithoutEqualsSignIsAUsageError() {
        CoiException error = assertThrows(CoiException.class, () -> EnvAssignments.parse(List.of("NOVALUE")));

        assertEquals(ExitCodes.USAGE, error.exitCode());
        assertTrue(error.getMessage().contains("'NOVALUE': expected KEY=VALUE"), error.getMessage());
    }

    @Test
    void aNameThatIsNoVariableNameIsRejected() {
        for (String bad : List.of("=x", "1A=x", "A-B=x", "A B=x")) {
            CoiException error = assertThrows(CoiException.class, () -> EnvAssignments.parse(List.of(bad)), bad);
            assertTrue(error.getMessage().contains("is not a variable name"), error.getMessage());
        }
    }
}
