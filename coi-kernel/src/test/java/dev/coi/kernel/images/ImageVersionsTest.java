package dev.coi.kernel.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageVersionsTest {

    @Test
    void aVersionIsTheAliasWithDateAndTime() {
        assertEquals("coi-20260108-093005", ImageVersions.versionOf("coi", LocalDateTime.of(2026, 1, 8, 9, 30, 5)));
    }

    @Test
    void theTimeIsReadBackFromTheSuffix() {
        assertEquals(Optional.of(LocalDateTime.of(2026, 1, 8, 10, 30)),
                ImageVersions.timestamp("claudeyard-node-42-20260108-103000"));
    }

    @Test
    void aliasesWithoutARealTimeHaveNone() {
        assertTrue(ImageVersions.timestamp("coi").isEmpty());
        assertTrue(ImageVersions.timestamp("coi-20260108").isEmpty());
        assertTrue(ImageVersions.timestamp("coi-20261399-103000").isEmpty(), "month 13");
        assertTrue(ImageVersions.timestamp("coi-20260108-103000-x").isEmpty());
    }
}
