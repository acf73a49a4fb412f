package dev.coi.kernel.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tools an image lists in /etc/coi-image and carries as a property. */
class InstalledToolsTest {

    @Test
    void theToolsLineOfTheImageInformationIsTheProperty() {
        String info = "version=\"0.1.0\"\nnode=\"v22.23.5\"\nclaude_code=\"2.1.0\"\ntools=\"claude codex pi\"\n";

        assertEquals(Optional.of("claude codex pi"), InstalledTools.fromImageInfo(info));
        assertEquals(Set.of("claude", "codex", "pi"), InstalledTools.names("claude codex pi"));
    }

    @Test
    void anImageOfAnOlderCoiSaysNothingAndNoToolsIsAnEmptyList() {
        assertEquals(Optional.empty(), InstalledTools.fromImageInfo("version=\"0.0.9\"\n"));
        assertEquals(Optional.of(""), InstalledTools.fromImageInfo("tools=\"\"\n"));
        assertEquals(Set.of(), InstalledTools.names(""));
    }
}
