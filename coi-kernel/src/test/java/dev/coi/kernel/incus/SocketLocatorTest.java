package dev.coi.kernel.incus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketLocatorTest {

    private static SocketLocator locator(Map<String, String> environment, Set<Path> existing) {
        return new SocketLocator(environment::get, existing::contains);
    }

    @Test
    void theSettingWinsOverEverything() {
        SocketLocation location = locator(Map.of("INCUS_SOCKET", "/env/socket", "INCUS_DIR", "/dir"),
                Set.of(SocketLocator.RUN_SOCKET)).locate(" /configured/socket ");

        assertEquals(Path.of("/configured/socket"), location.socket());
        assertEquals("the setting incus.socket", location.origin());
    }

    @Test
    void incusSocketComesBeforeIncusDir() {
        SocketLocation location = locator(Map.of("INCUS_SOCKET", "/env/socket", "INCUS_DIR", "/dir"), Set.of())
                .locate(null);

        assertEquals(Path.of("/env/socket"), location.socket());
        assertEquals("INCUS_SOCKET", location.origin());
    }

    @Test
    void incusDirGivesItsUnixSocket() {
        SocketLocation location = locator(Map.of("INCUS_SOCKET", "", "INCUS_DIR", "/srv/incus"),
                Set.of(SocketLocator.RUN_SOCKET)).locate("  ");

        assertEquals(Path.of("/srv/incus/unix.socket"), location.socket());
    }

    @Test
    void runIncusWhenItsSocketExists() {
        SocketLocation location = locator(Map.of(), Set.of(SocketLocator.RUN_SOCKET, SocketLocator.VAR_LIB_SOCKET))
                .locate(null);

        assertEquals(SocketLocator.RUN_SOCKET, location.socket());
        assertEquals(List.of(), location.alsoLookedAt());
    }

    @Test
    void varLibIncusOtherwiseEvenWhenMissing() {
        SocketLocation location = locator(Map.of("INCUS_DIR", ""), Set.of()).locate(null);

        assertEquals(SocketLocator.VAR_LIB_SOCKET, location.socket());
        assertEquals(List.of(SocketLocator.RUN_SOCKET), location.alsoLookedAt());
        assertEquals("the default", location.origin());
    }
}
