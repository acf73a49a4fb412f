package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigFixture.origin;
import static dev.coi.kernel.config.ConfigFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.NetworkMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTest {

    private static final String PROFILES = """
            [defaults]
            image = "coi"
            persistent = true

            [limits.cpu]
            count = "4"
            [limits.memory]
            limit = "8GiB"

            [profiles.rust]
            image = "coi-rust"
            environment = { RUST_BACKTRACE = "1" }
            persistent = true

            [profiles.limited]
            image = "coi"
            persistent = false

            [profiles.limited.limits.cpu]
            count = "2"
            allowance = "50%"

            [profiles.limited.limits.memory]
            limit = "2GiB"

            [profiles.limited.limits.runtime]
            max_duration = "2h"
            auto_stop = true

            [profiles.open.network]
            mode = "open"
            """;

    @TempDir
    Path root;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(root);
        write(fixture.userFile, PROFILES);
    }

    @Test
    void withoutAProfileProfilesChangeNothing() throws ConfigException {
        CoiConfig config = fixture.config();

        assertEquals("coi", config.image());
        assertEquals(Map.of(), config.environment());
        assertEquals(Optional.empty(), config.profile());
    }

    @Test
    void aProfileSetsImagePersistentAndEnvironment() throws ConfigException {
        CoiConfig config = fixture.load("rust").config();

        assertEquals("coi-rust", config.image());
        assertTrue(config.persistent());
        assertEquals(Map.of("RUST_BACKTRACE", "1"), config.environment());
        assertEquals(Optional.of("rust"), config.profile());
        assertEquals("profile rust (from " + fixture.userFile + ")", origin(config, "defaults.image"));
        assertEquals("profile rust (from " + fixture.userFile + ")", origin(config, "defaults.environment"));
    }

    @Test
    void profileLimitTablesOverrideTheConfigLimits() throws ConfigException {
        CoiConfig config = fixture.load("limited").config();
        String fromProfile = "profile limited (from " + fixture.userFile + ")";

        assertFalse(config.persistent());
        assertEquals(Optional.of("2"), config.limits().cpu().count());
        assertEquals(Optional.of("50%"), config.limits().cpu().allowance());
        assertEquals(Optional.of("2GiB"), config.limits().memory().limit());
        assertEquals(Optional.of(Duration.ofHours(2)), config.limits().runtime().maxDuration());
        assertEquals(fromProfile, origin(config, "limits.cpu.count"));
        assertEquals(fromProfile, origin(config, "limits.runtime.max_duration"));
        assertEquals("default", origin(config, "limits.cpu.priority"));
    }

    @Test
    void aProfileMaySetAnyKey() throws ConfigException {
        assertEquals(NetworkMode.OPEN, fixture.load("open").config().network().mode());
    }

    @Test
    void aProfileOverridesTheProjectFileToo() throws ConfigException {
        write(fixture.projectFile, "[limits.cpu]\ncount = \"8\"\n");

        assertEquals(Optional.of("2"), fixture.load("limited").config().limits().cpu().count());
    }

    @Test
    void flagsAndEnvironmentVariablesOverrideTheProfile() throws ConfigException {
        fixture.env.put("COI_LIMIT_MEMORY", "3GiB");

        CoiConfig config = fixture.load("limited",
                new FlagOverride("limits.cpu.count", "1", "--limit-cpu"),
                new FlagOverride("defaults.persistent", "true", "--persistent")).config();

        assertEquals(Optional.of("1"), config.limits().cpu().count());
        assertEquals("flag --limit-cpu", origin(config, "limits.cpu.count"));
        assertTrue(config.persistent());
        assertEquals("flag --persistent", origin(config, "defaults.persistent"));
        assertEquals(Optional.of("3GiB"), config.limits().memory().limit());
        assertEquals("env COI_LIMIT_MEMORY", origin(config, "limits.memory.limit"));
    }

    @Test
    void aLaterFileReplacesAWholeProfileOfTheSameName() throws ConfigException {
        write(fixture.projectFile, "[profiles.limited.limits.memory]\nlimit = \"1GiB\"\n");

        CoiConfig config = fixture.load("limited").config();

        assertEquals(Optional.of("1GiB"), config.limits().memory().limit());
        assertEquals(Optional.of("4"), config.limits().cpu().count());
        assertEquals(fixture.userFile.toString(), origin(config, "limits.cpu.count"));
        assertEquals("profile limited (from " + fixture.projectFile + ")", origin(config, "limits.memory.limit"));
    }
}
