package dev.coi.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolFileTest {

    @Test
    void aFileThatNamesNoKeysCarriesNone() {
        assertEquals(Set.of(), new ToolFile(".tool/settings.json", ToolFile.Kind.SETTINGS).keys());
        assertEquals(Set.of(), new ToolFile(".toolrc", ToolFile.Kind.PLAIN).keys());
    }

    @Test
    void aSettingsFileKeepsACopyOfItsKeys() {
        Set<String> keys = new HashSet<>(Set.of("theme"));
        ToolFile file = new ToolFile(".tool.json", ToolFile.Kind.SETTINGS, keys);
        keys.add("env");

        assertEquals(Set.of("theme"), file.keys());
        assertEquals(file, ToolFile.settings(".tool.json", "theme"));
        assertThrows(UnsupportedOperationException.class, () -> file.keys().add("mcpServers"));
    }

    @Test
    void onlyASettingsFileCarriesKeysAndNoneIsBlank() {
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                () -> new ToolFile(".toolrc", ToolFile.Kind.PLAIN, Set.of("env")));
        assertTrue(plain.getMessage().contains("only a settings file carries keys, .toolrc is PLAIN"), plain.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ToolFile.settings(".tool.json", " "));
        assertThrows(NullPointerException.class, () -> new ToolFile(".tool.json", ToolFile.Kind.SETTINGS, null));
    }
}
