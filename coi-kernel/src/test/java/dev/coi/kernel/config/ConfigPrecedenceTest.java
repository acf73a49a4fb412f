package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigFixture.origin;
import static dev.coi.kernel.config.ConfigFixture.value;
import static dev.coi.kernel.config.ConfigFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.NetworkMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPrecedenceTest {

    @TempDir
    Path root;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(root);
    }

    @Test
    void withoutFilesEveryKeyHasItsDefault() throws ConfigException {
        LoadedConfig loaded = fixture.load();
        CoiConfig config = loaded.config();

        assertEquals(List.of(), loaded.filesRead());
        assertEquals(List.of(), loaded.warnings());
        // the kernel's keys and those of the bundled plugins' sections (the monitor's monitoring.enabled)
        assertEquals(ConfigSchema.KEYS.stream().map(ConfigKey::name).toList(), config.entries().stream()
                .map(ConfigEntry::key).filter(key -> ConfigSchema.find(key) != null).toList());
        assertTrue(config.entries().stream().anyMatch(entry -> entry.key().equals("monitoring.enabled")));
        assertTrue(config.entries().stream().allMatch(entry -> entry.origin().equals("default")));
        assertEquals("coi", config.image());
        assertFalse(config.persistent());
        assertEquals(Optional.of("claude-sonnet-4-5"), config.model());
        assertEquals("claude", config.tool().name());
        assertEquals(NetworkMode.RESTRICTED, config.network().mode());
        assertTrue(config.network().blockPrivateNetworks());
        assertTrue(config.network().blockMetadataEndpoint());
        assertFalse(config.network().allowLocalNetworkAccess());
        assertEquals(List.of("8.8.8.8", "1.1.1.1", "registry.npmjs.org", "npm.pkg.github.com", "api.anthropic.com",
                "platform.claude.com"), config.network().allowedDomains());
        assertEquals(30, config.network().refreshIntervalMinutes());
        assertEquals(fixture.home.resolve(".coi/logs/network.log"), config.network().logFile());
        assertEquals(new IncusSettings(java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), "default", "incus-admin", 1000, "code", false),
                config.incus());
        assertEquals(new PathSettings(fixture.home.resolve(".coi/sessions"), fixture.home.resolve(".coi/storage"),
                fixture.home.resolve(".coi/logs")), config.paths());
        assertEquals(List.of(), config.mounts());
        assertEquals(Limits.MemoryEnforce.SOFT, config.limits().memory().enforce());
        assertEquals("true", config.limits().memory().swap());
        assertTrue(config.limits().runtime().autoStop());
        assertTrue(config.limits().runtime().stopGraceful());
        assertTrue(config.limits().runtime().maxDuration().isEmpty());
        assertTrue(config.limits().cpu().count().isEmpty());
    }

    @Test
    void eachLayerOverridesTheOneBelowAndRemembersWhereTheValueCameFrom() throws ConfigException {
        Path explicit = root.resolve("explicit.toml");
        write(fixture.systemFile, """
                [defaults]
                image = "from-system"
                model = "system-model"
                [tool]
                name = "system-tool"
                [incus]
                project = "system-project"
                group = "system-group"
                code_user = "system-user"
                [limits.cpu]
                count = "1"
                allowance = "10%"
                """);
        write(fixture.userFile, """
                [defaults]
                image = "from-user"
                model = "user-model"
                [tool]
                name = "user-tool"
                [incus]
                project = "user-project"
                group = "user-group"
                [limits.cpu]
                count = "2"
                allowance = "20%"
                """);
        write(fixture.projectFile, """
                [defaults]
                image = "from-project"
                model = "project-model"
                [tool]
                name = "project-tool"
                [incus]
                project = "project-project"
                [limits.cpu]
                count = "3"
                allowance = "30%"
                """);
        write(explicit, """
                [defaults]
                image = "from-coi-config"
                model = "explicit-model"
                [tool]
                name = "explicit-tool"
                [limits.cpu]
                count = "4"
                allowance = "40%"
                [profiles.fast]
                model = "profile-model"
                [profiles.fast.limits.cpu]
                count = "5"
                allowance = "50%"
                """);
        fixture.env.put("COI_CONFIG", explicit.toString());
        fixture.env.put("COI_LIMIT_CPU", "6");
        fixture.env.put("COI_LIMIT_CPU_ALLOWANCE", "60%");
        fixture.env.put("CLAUDE_ON_INCUS_IMAGE", "from-env");

        LoadedConfig loaded = fixture.load("fast",
                new FlagOverride("limits.cpu.count", "7", "--limit-cpu"));
        CoiConfig config = loaded.config();

        assertEquals(List.of(fixture.systemFile, fixture.userFile, fixture.projectFile, explicit), loaded.filesRead());
        assertEquals("system-user", config.incus().codeUser());
        assertEquals(fixture.systemFile.toString(), origin(config, "incus.code_user"));
        assertEquals("user-group", config.incus().group());
        assertEquals(fixture.userFile.toString(), origin(config, "incus.group"));
        assertEquals("project-project", config.incus().project());
        assertEquals(fixture.projectFile.toString(), origin(config, "incus.project"));
        assertEquals("explicit-tool", config.tool().name());
        assertEquals(explicit.toString(), origin(config, "tool.name"));
        assertEquals(Optional.of("profile-model"), config.model());
        assertEquals("profile fast (from " + explicit + ")", origin(config, "defaults.model"));
        assertEquals("from-env", config.image());
        assertEquals("env CLAUDE_ON_INCUS_IMAGE", origin(config, "defaults.image"));
        assertEquals("60%", config.limits().cpu().allowance().orElseThrow());
        assertEquals("env COI_LIMIT_CPU_ALLOWANCE", origin(config, "limits.cpu.allowance"));
        assertEquals("7", config.limits().cpu().count().orElseThrow());
        assertEquals("flag --limit-cpu", origin(config, "limits.cpu.count"));
        assertEquals("default", origin(config, "incus.code_uid"));
    }

    @Test
    void aFileThatLeavesOutABooleanKeepsItsEarlierValue() throws ConfigException {
        // The reference tool reset every boolean a file did not mention to false, which silently turned off
        // private-network and metadata blocking as soon as any config file existed.
        write(fixture.userFile, """
                [network]
                mode = "restricted"
                [defaults]
                image = "coi"
                """);

        CoiConfig config = fixture.config();

        assertTrue(config.network().blockPrivateNetworks());
        assertTrue(config.network().blockMetadataEndpoint());
        assertTrue(config.network().loggingEnabled());
        assertTrue(config.limits().runtime().autoStop());
        assertEquals("default", origin(config, "network.block_private_networks"));
    }

    @Test
    void aLaterFileWithoutABooleanKeepsWhatAnEarlierFileSet() throws ConfigException {
        write(fixture.userFile, """
                [defaults]
                persistent = true
                [network]
                block_private_networks = false
                [incus]
                disable_shift = true
                """);
        write(fixture.projectFile, """
                [network]
                mode = "open"
                """);

        CoiConfig config = fixture.config();

        assertTrue(config.persistent());
        assertFalse(config.network().blockPrivateNetworks());
        assertTrue(config.incus().disableShift());
        assertEquals(fixture.userFile.toString(), origin(config, "network.block_private_networks"));
        assertEquals(NetworkMode.OPEN, config.network().mode());
    }

    @Test
    void anExplicitFalseInALaterFileWins() throws ConfigException {
        write(fixture.userFile, "[incus]\ndisable_shift = true\n");
        write(fixture.projectFile, "[incus]\ndisable_shift = false\n");

        assertFalse(fixture.config().incus().disableShift());
    }

    @Test
    void allowedDomainsAreReplacedByALaterFile() throws ConfigException {
        write(fixture.userFile, "[network]\nallowed_domains = [\"a.example\", \"b.example\"]\n");
        write(fixture.projectFile, "[network]\nallowed_domains = [\"c.example\"]\n");

        CoiConfig config = fixture.config();

        assertEquals(List.of("c.example"), config.network().allowedDomains());
        assertEquals(fixture.projectFile.toString(), origin(config, "network.allowed_domains"));
    }

    @Test
    void mountsAreAppendedAcrossFilesAndProfiles() throws ConfigException {
        write(fixture.systemFile, """
                [[mounts.default]]
                host = "/srv/shared"
                container = "/shared"
                """);
        write(fixture.userFile, """
                [[mounts.default]]
                host = "~/.aws"
                container = "/home/code/.aws"

                [[mounts.default]]
                host = "cache"
                container = "/home/code/cache/"

                [profiles.data.mounts]
                default = [{ host = "/data", container = "/data" }]
                """);

        CoiConfig config = fixture.load("data").config();

        assertEquals(List.of(
                new Mount(Path.of("/srv/shared"), "/shared"),
                new Mount(fixture.home.resolve(".aws"), "/home/code/.aws"),
                new Mount(fixture.userFile.getParent().resolve("cache"), "/home/code/cache"),
                new Mount(Path.of("/data"), "/data")), config.mounts());
        assertEquals(fixture.systemFile + ", " + fixture.userFile + ", profile data (from " + fixture.userFile + ")",
                origin(config, "mounts.default"));
    }

    @Test
    void theUserFileFollowsXdgConfigHome() throws ConfigException {
        Path xdg = root.resolve("xdg");
        write(xdg.resolve("coi/config.toml"), "[tool]\nname = \"aider\"\n");
        write(fixture.userFile, "[tool]\nname = \"ignored\"\n");
        fixture.env.put("XDG_CONFIG_HOME", xdg.toString());

        assertEquals("aider", fixture.config().tool().name());
    }

    @Test
    void aRelativeXdgConfigHomeIsIgnored() {
        fixture.env.put("XDG_CONFIG_HOME", "relative/dir");

        assertEquals(fixture.userFile, fixture.environment().configFiles().get(1));
    }

    @Test
    void coiConfigIsReadOnceEvenWhenItNamesAnotherConfigFile() throws ConfigException {
        write(fixture.userFile, "[[mounts.default]]\nhost = \"/a\"\ncontainer = \"/a\"\n");
        fixture.env.put("COI_CONFIG", fixture.userFile.toString());

        LoadedConfig loaded = fixture.load();

        assertEquals(List.of(fixture.userFile), loaded.filesRead());
        assertEquals(1, loaded.config().mounts().size());
    }

    @Test
    void aMissingCoiConfigFileIsAWarning() throws ConfigException {
        fixture.env.put("COI_CONFIG", "missing.toml");

        LoadedConfig loaded = fixture.load();

        assertEquals(List.of(new ConfigProblem("env COI_CONFIG",
                "the file " + fixture.work.resolve("missing.toml") + " does not exist")), loaded.warnings());
    }

    @Test
    void theProjectFileIsLookedForInTheGivenWorkingDirectory() throws ConfigException {
        Path workspace = root.resolve("workspace");
        write(workspace.resolve(".coi.toml"), "[defaults]\npersistent = true\n");

        LoadedConfig loaded = new ConfigLoader(fixture.environment().withWorkingDirectory(workspace),
                ConfigFixture.BUNDLED).load();

        assertTrue(loaded.config().persistent());
        assertEquals(List.of(workspace.resolve(".coi.toml")), loaded.filesRead());
    }

    @Test
    void anEmptyStringClearsAnOptionalValueSetEarlier() throws ConfigException {
        write(fixture.userFile, "[limits.memory]\nlimit = \"4GiB\"\n");
        write(fixture.projectFile, "[limits.memory]\nlimit = \"\"\n");

        CoiConfig config = fixture.config();

        assertTrue(config.limits().memory().limit().isEmpty());
        assertEquals(fixture.projectFile.toString(), origin(config, "limits.memory.limit"));
        assertEquals(null, value(config, "limits.memory.limit"));
    }
}
