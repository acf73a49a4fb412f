package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathExpansionTest {

    @TempDir
    Path root;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(root);
    }

    @Test
    void tildeIsTheHomeDirectory() throws ConfigException {
        write(fixture.userFile, """
                [paths]
                sessions_dir = "~/coi/sessions"
                storage_dir = "~"
                logs_dir = "/var/log/coi/../coi"
                [network.logging]
                path = "~/net.log"
                [incus]
                socket = "~/incus.socket"
                """);

        CoiConfig config = fixture.config();

        assertEquals(new PathSettings(fixture.home.resolve("coi/sessions"), fixture.home,
                Path.of("/var/log/coi")), config.paths());
        assertEquals(fixture.home.resolve("net.log"), config.network().logFile());
        assertEquals(Optional.of(fixture.home.resolve("incus.socket")), config.incus().socket());
    }

    @Test
    void relativePathsInAFileAreRelativeToThatFile() throws ConfigException {
        write(fixture.projectFile, """
                [paths]
                logs_dir = "logs"
                [[mounts.default]]
                host = "../shared"
                container = "/shared"
                """);

        CoiConfig config = fixture.config();

        assertEquals(fixture.work.resolve("logs"), config.paths().logsDir());
        assertEquals(List.of(new Mount(fixture.work.getParent().resolve("shared"), "/shared")), config.mounts());
    }

    @Test
    void tildeUserIsNotExpanded() {
        write(fixture.projectFile, "[paths]\nlogs_dir = \"~bob/logs\"\n");

        ConfigException error = assertThrows(ConfigException.class, fixture::load);

        assertEquals(fixture.projectFile + ":2:1: paths.logs_dir: got \"~bob/logs\", expected a path (only ~ and ~/... "
                + "are expanded, not ~user)", error.getMessage());
    }
}
