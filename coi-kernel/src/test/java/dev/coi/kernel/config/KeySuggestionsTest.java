package dev.coi.kernel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeySuggestionsTest {

    private static final List<String> KEYS = List.of("network.mode", "network.allowed_domains", "defaults.image",
            "limits.cpu.count", "limits.memory.limit");

    @Test
    void aTypoIsCorrected() {
        assertEquals(Optional.of("network.allowed_domains"),
                KeySuggestions.closest("network.allowed_domain", KEYS));
        assertEquals(Optional.of("limits.cpu.count"), KeySuggestions.closest("limits.cpu.cont", KEYS));
    }

    @Test
    void aKeyInTheWrongSectionIsFoundByItsLastPart() {
        assertEquals(Optional.of("limits.memory.limit"), KeySuggestions.closest("limits.limit", KEYS));
    }

    @Test
    void nothingCloseMeansNoSuggestion() {
        assertEquals(Optional.empty(), KeySuggestions.closest("theme", KEYS));
    }
}
