package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.config.Mount;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionMountsTest {

    private static final Path HOME = Path.of("/home/user");

    @Test
    void configuredMountsComeFirstThenFlagsWithNumberedDevices() {
        List<SessionMount> mounts = SessionMounts.resolve(List.of(new Mount(Path.of("/srv/cache"), "/cache")),
                List.of("~/data:/data", "/opt/tools/:/tools/"), HOME);

        assertEquals(List.of(
                new SessionMount("mount-0", Path.of("/srv/cache"), "/cache"),
                new SessionMount("mount-1", Path.of("/home/user/data"), "/data"),
                new SessionMount("mount-2", Path.of("/opt/tools"), "/tools")), mounts);
    }

    @Test
    void aFlagForAMountedContainerPathReplacesItsHostFolder() {
        List<SessionMount> mounts = SessionMounts.resolve(List.of(new Mount(Path.of("/srv/cache"), "/cache")),
                List.of("/tmp/other:/cache"), HOME);

        assertEquals(List.of(new SessionMount("mount-0", Path.of("/tmp/other"), "/cache")), mounts);
    }

    @Test
    void siblingsWithACommonPrefixAreNotNested() {
        assertEquals(2, SessionMounts.resolve(List.of(), List.of("/a:/data", "/b:/data2"), HOME).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/a                 | expected HOST:CONTAINER",
        "/a:/b:/c           | expected HOST:CONTAINER",
        ":/b                | expected HOST:CONTAINER",
        "relative/dir:/data | the host path must be absolute",
        "/a:data            | the container path must be absolute",
        "/a:/               | nothing can be mounted over /",
        "/a:/workspace      | overlaps /workspace",
        "/a:/workspace/sub  | overlaps /workspace",
        "/a:/workspace/../workspace/x | overlaps /workspace"})
    void aBadMountIsAUsageErrorSayingWhy(String flag, String reason) {
        CoiException error = assertThrows(CoiException.class, () -> SessionMounts.resolve(List.of(), List.of(flag), HOME));

        assertEquals(ExitCodes.USAGE, error.exitCode());
        assertTrue(error.getMessage().contains("'" + flag + "'"), error.getMessage());
        assertTrue(error.getMessage().contains(reason), error.getMessage());
    }

    @Test
    void nestedContainerPathsConflict() {
        CoiException error = assertThrows(CoiException.class,
                () -> SessionMounts.resolve(List.of(new Mount(Path.of("/srv"), "/data")), List.of("/x:/data/sub"), HOME));

        assertTrue(error.getMessage().contains("nested mount paths detected: '/data' and '/data/sub' conflict"),
                error.getMessage());
    }
}
