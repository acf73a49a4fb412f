package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import org.junit.jupiter.api.Test;

class BuildBaseTest {

    private static final String SERVER = "https://images.example";

    @Test
    void readsEachKindOfBase() {
        assertEquals(new BuildBase.Auto(SERVER), BuildBase.parse("auto", SERVER));
        assertEquals(new BuildBase.Offline(), BuildBase.parse("offline", SERVER));
        assertEquals(new BuildBase.Remote(SERVER, "ubuntu/24.04"), BuildBase.parse("images:ubuntu/24.04", SERVER));
        assertEquals(new BuildBase.Local("coi"), BuildBase.parse(" coi ", SERVER));
        assertEquals(new BuildBase.Local("debian/12"), BuildBase.parse("debian/12", SERVER));
    }

    @Test
    void remotesOtherThanImagesAndOddNamesAreUsageErrors() {
        CoiException remote = assertThrows(CoiException.class, () -> BuildBase.parse("ubuntu:24.04", SERVER));
        assertEquals(ExitCodes.USAGE, remote.exitCode());
        assertTrue(remote.getMessage().contains("only from 'images:'"), remote.getMessage());
        assertEquals(ExitCodes.USAGE, assertThrows(CoiException.class, () -> BuildBase.parse("images:", SERVER))
                .exitCode());
        assertEquals(ExitCodes.USAGE, assertThrows(CoiException.class, () -> BuildBase.parse("-x", SERVER))
                .exitCode());
    }

    @Test
    void theDisplayIsWhatAUserWrites() {
        assertEquals("images:debian/12", new BuildBase.Remote(SERVER, "debian/12").display());
        assertEquals("offline", new BuildBase.Offline().display());
    }
}
