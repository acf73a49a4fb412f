package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostEnvironmentSettingTest {

    @TempDir
    Path root;

    @Test
    void defaultsToAutoDetection() throws ConfigException {
        assertEquals("auto", new ConfigFixture(root).config().entry("host.environment").orElseThrow().value());
    }

    @Test
    void namesTheHostKind() throws ConfigException {
        ConfigFixture fixture = new ConfigFixture(root);
        write(fixture.userFile, "[host]\nenvironment = \"linux\"\n");

        assertEquals("linux", fixture.config().entry("host.environment").orElseThrow().value());
    }

    @Test
    void anUnknownKindListsTheKnownOnes() {
        ConfigFixture fixture = new ConfigFixture(root);
        write(fixture.userFile, "[host]\nenvironment = \"macos\"\n");

        assertEquals(List.of(fixture.userFile + ":2:1: host.environment: got \"macos\", expected one of \"auto\","
                        + " \"colima\", \"lima\", \"linux\""),
                assertThrows(ConfigException.class, fixture::load).problems().stream()
                        .map(ConfigProblem::toString).toList());
    }
}
