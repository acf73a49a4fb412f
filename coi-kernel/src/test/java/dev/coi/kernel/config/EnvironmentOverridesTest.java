package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigFixture.origin;
import static dev.coi.kernel.config.ConfigFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentOverridesTest {

    @TempDir
    Path root;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(root);
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "1", "TRUE"})
    void claudeOnIncusPersistentTurnsPersistenceOn(String value) throws ConfigException {
        fixture.env.put("CLAUDE_ON_INCUS_PERSISTENT", value);

        CoiConfig config = fixture.config();

        assertTrue(config.persistent());
        assertEquals("env CLAUDE_ON_INCUS_PERSISTENT", origin(config, "defaults.persistent"));
    }

    @Test
    void claudeOnIncusPersistentCanTurnItOffAgain() throws ConfigException {
        write(fixture.userFile, "[defaults]\npersistent = true\n");
        fixture.env.put("CLAUDE_ON_INCUS_PERSISTENT", "0");

        assertFalse(fixture.config().persistent());
    }

    @Test
    void anEmptyVariableCountsAsUnset() throws ConfigException {
        write(fixture.userFile, "[defaults]\nimage = \"from-file\"\n");
        fixture.env.put("CLAUDE_ON_INCUS_IMAGE", "");

        assertEquals("from-file", fixture.config().image());
    }

    @Test
    void everyLimitVariableOverridesTheFiles() throws ConfigException {
        write(fixture.userFile, """
                [limits.cpu]
                count = "1"
                [limits.runtime]
                max_duration = "5h"
                """);
        fixture.env.put("CLAUDE_ON_INCUS_IMAGE", "coi-env");
        fixture.env.put("COI_LIMIT_CPU", "0-3");
        fixture.env.put("COI_LIMIT_CPU_ALLOWANCE", "25ms/100ms");
        fixture.env.put("COI_LIMIT_MEMORY", "50%");
        fixture.env.put("COI_LIMIT_MEMORY_SWAP", "false");
        fixture.env.put("COI_LIMIT_DISK_READ", "10MiB/s");
        fixture.env.put("COI_LIMIT_DISK_WRITE", "1000iops");
        fixture.env.put("COI_LIMIT_DURATION", "1h30m");

        CoiConfig config = fixture.config();

        assertEquals("coi-env", config.image());
        assertEquals(new Limits.Cpu(Optional.of("0-3"), Optional.of("25ms/100ms"), 0), config.limits().cpu());
        assertEquals(new Limits.Memory(Optional.of("50%"), Limits.MemoryEnforce.SOFT, "false"),
                config.limits().memory());
        assertEquals(Optional.of("10MiB/s"), config.limits().disk().read());
        assertEquals(Optional.of("1000iops"), config.limits().disk().write());
        assertEquals(Optional.of(Duration.ofMinutes(90)), config.limits().runtime().maxDuration());
        assertEquals("env COI_LIMIT_DURATION", origin(config, "limits.runtime.max_duration"));
        assertEquals("env COI_LIMIT_DISK_WRITE", origin(config, "limits.disk.write"));
    }

    @Test
    void sessionAndStorageDirectoryVariablesAreRelativeToTheWorkingDirectory() throws ConfigException {
        fixture.env.put("CLAUDE_ON_INCUS_SESSIONS_DIR", "sessions");
        fixture.env.put("CLAUDE_ON_INCUS_STORAGE_DIR", "~/store");

        PathSettings paths = fixture.config().paths();

        assertEquals(fixture.work.resolve("sessions"), paths.sessionsDir());
        assertEquals(fixture.home.resolve("store"), paths.storageDir());
    }

    @Test
    void theContainerPrefixIsNotConfiguration() throws ConfigException {
        fixture.env.put("COI_CONTAINER_PREFIX", "x-");

        assertTrue(fixture.config().entries().stream().allMatch(entry -> entry.origin().equals("default")));
    }
}
