package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What a workspace's {@code .coi.toml} loosens compared with the configuration without it. */
class WorkspaceWideningTest {

    @TempDir
    Path root;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(root);
    }

    private List<String> widenings(String profile) throws ConfigException {
        return fixture.load(profile).workspaceWidening()
                .map(found -> found.widenings().stream().map(Widening::describe).toList())
                .orElse(List.of());
    }

    private List<String> widenings() throws ConfigException {
        return widenings(null);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "restricted|open|network.mode = \"open\" (instead of \"restricted\")",
        "allowlist|open|network.mode = \"open\" (instead of \"allowlist\")",
        "allowlist|restricted|network.mode = \"restricted\" (instead of \"allowlist\")"})
    void aLessStrictModeWidens(String user, String project, String expected) throws Exception {
        write(fixture.userFile, "[network]\nmode = \"" + user + "\"\n");
        write(fixture.projectFile, "[network]\nmode = \"" + project + "\"\n");

        assertEquals(List.of(expected), widenings());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"open|restricted", "open|allowlist", "restricted|allowlist",
        "restricted|restricted"})
    void aStricterOrTheSameModeNeedsNoConsent(String user, String project) throws Exception {
        write(fixture.userFile, "[network]\nmode = \"" + user + "\"\n");
        write(fixture.projectFile, "[network]\nmode = \"" + project + "\"\n");

        assertEquals(Optional.empty(), fixture.load().workspaceWidening());
    }

    @Test
    void onlyDomainsNotAllowedAlreadyWiden() throws Exception {
        write(fixture.userFile, "[network]\nallowed_domains = [\"api.anthropic.com\", \"github.com\"]\n");
        write(fixture.projectFile, "[network]\nallowed_domains = [\"github.com\", \"evil.example\", \"192.168.1.10\"]\n");

        assertEquals(List.of("network.allowed_domains adds \"evil.example\", \"192.168.1.10\""), widenings());
    }

    @Test
    void fewerDomainsNeedNoConsent() throws Exception {
        write(fixture.projectFile, "[network]\nallowed_domains = [\"api.anthropic.com\"]\n");

        assertEquals(List.of(), widenings());
    }

    @Test
    void eachLoosenedBooleanWidens() throws Exception {
        write(fixture.projectFile, """
                [network]
                allow_local_network_access = true
                block_private_networks = false
                block_metadata_endpoint = false
                [security]
                protect_git = false
                """);

        assertEquals(List.of("network.allow_local_network_access = true", "network.block_private_networks = false",
                "network.block_metadata_endpoint = false", "security.protect_git = false"), widenings());
    }

    @Test
    void tighteningBooleansNeedsNoConsent() throws Exception {
        write(fixture.userFile, """
                [network]
                allow_local_network_access = true
                block_private_networks = false
                block_metadata_endpoint = false
                [security]
                protect_git = false
                """);
        write(fixture.projectFile, """
                [network]
                allow_local_network_access = false
                block_private_networks = true
                block_metadata_endpoint = true
                [security]
                protect_git = true
                """);

        assertEquals(List.of(), widenings());
    }

    @Test
    void hostMountsWiden() throws Exception {
        write(fixture.userFile, "[[mounts.default]]\nhost = \"~/.aws\"\ncontainer = \"/home/code/.aws\"\n");
        write(fixture.projectFile, "[[mounts.default]]\nhost = \"~/.ssh\"\ncontainer = \"/home/code/.ssh\"\n");

        assertEquals(List.of("mounts.default adds host folder " + fixture.home.resolve(".ssh")
                + " at /home/code/.ssh"), widenings());
    }

    @Test
    void keysThatDoNotTouchTheSandboxNeedNoConsent() throws Exception {
        write(fixture.projectFile, """
                [defaults]
                image = "coi-rust"
                persistent = true
                environment = { RUST_BACKTRACE = "1" }
                [limits.memory]
                limit = "2GiB"
                """);

        assertEquals(Optional.empty(), fixture.load().workspaceWidening());
    }

    @Test
    void theUsersOwnFilesNeedNoConsent() throws Exception {
        write(fixture.systemFile, "[network]\nmode = \"open\"\n");
        write(fixture.userFile, "[network]\nallow_local_network_access = true\n"
                + "[[mounts.default]]\nhost = \"/srv\"\ncontainer = \"/srv\"\n");

        assertEquals(Optional.empty(), fixture.load().workspaceWidening());
    }

    @Test
    void aFileTheUserNamesInCoiConfigIsTheirs() throws Exception {
        write(fixture.projectFile, "[network]\nmode = \"open\"\n");
        fixture.env.put(ConfigEnvironment.CONFIG_VARIABLE, ".coi.toml");

        assertEquals(Optional.empty(), fixture.load().workspaceWidening());
    }

    @Test
    void whatCoiConfigSetsAfterwardsHidesTheFile() throws Exception {
        write(fixture.projectFile, "[network]\nmode = \"open\"\n");
        write(root.resolve("mine.toml"), "[network]\nmode = \"restricted\"\n");
        fixture.env.put(ConfigEnvironment.CONFIG_VARIABLE, root.resolve("mine.toml").toString());

        assertEquals(Optional.empty(), fixture.load().workspaceWidening());
    }

    @Test
    void everyProfileOfTheFileCountsEvenUnused() throws Exception {
        write(fixture.projectFile, """
                [profiles.web.network]
                mode = "open"
                [profiles.tidy]
                image = "coi"
                """);

        assertEquals(List.of("with --profile web: network.mode = \"open\" (instead of \"restricted\")"), widenings());
        assertEquals(List.of("with --profile web: network.mode = \"open\" (instead of \"restricted\")"),
                widenings("web"));
    }

    @Test
    void aProfileOfTheUserIsComparedWithTheFileAppliedUnderIt() throws Exception {
        write(fixture.userFile, "[profiles.strict.network]\nmode = \"allowlist\"\n");
        write(fixture.projectFile, "[profiles.strict.network]\nmode = \"restricted\"\n");

        assertEquals(List.of("with --profile strict: network.mode = \"restricted\" (instead of \"allowlist\")"),
                widenings("strict"));
    }

    @Test
    void theHashIsOfTheFileContent() throws Exception {
        String content = "[network]\nmode = \"open\"\n";
        write(fixture.projectFile, content);

        WorkspaceWidening found = fixture.load().workspaceWidening().orElseThrow();

        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8))), found.sha256());
        assertEquals(fixture.projectFile, found.file());
        assertEquals(fixture.work, found.workspace());
        Files.writeString(fixture.projectFile, content + "# edited\n");
        assertTrue(!found.sha256().equals(fixture.load().workspaceWidening().orElseThrow().sha256()));
    }

    @Test
    void aFlagForTheModeLeavesTheOtherWideningsInEffect() throws Exception {
        write(fixture.projectFile, "[network]\nmode = \"open\"\nallow_local_network_access = true\n");

        WorkspaceWidening found = fixture.load().workspaceWidening().orElseThrow();

        assertEquals(List.of("network.allow_local_network_access"),
                found.effectiveDespite(Set.of("network.mode")).stream().map(Widening::key).toList());
        assertEquals(2, found.widenings().size(), "the consent covers the whole file");
    }

    static List<Arguments> settingsThatChangeWhatCoiTrusts() {
        return List.of(
                Arguments.of("[build]\nca_certificates = [\"~/.ssh/id_ed25519\"]", "build.ca_certificates"),
                Arguments.of("[build]\nbase = \"images:debian/12\"", "build.base"),
                Arguments.of("[build]\nimages_server = \"https://images.example.invalid\"", "build.images_server"),
                Arguments.of("[tool]\nname = \"opencode\"", "tool.name"),
                Arguments.of("[incus]\nsocket = \"/srv/agent.sock\"", "incus.socket"),
                Arguments.of("[incus]\nproject = \"lax\"", "incus.project"));
    }

    @ParameterizedTest
    @MethodSource("settingsThatChangeWhatCoiTrusts")
    void settingsThatChangeWhatCoiTrustsOrPassesInNeedConsent(String toml, String key) throws Exception {
        write(fixture.projectFile, toml + "\n");

        WorkspaceWidening found = fixture.load().workspaceWidening()
                .orElseThrow(() -> new AssertionError(key + " from the workspace took effect without consent"));

        assertEquals(List.of(key), found.widenings().stream().map(Widening::key).toList());
    }

    @Test
    void theSameBuildSettingsAsTheUsersNeedNoConsent() throws Exception {
        write(fixture.userFile, "[build]\nbase = \"images:debian/12\"\n");
        write(fixture.projectFile, "[build]\nbase = \"images:debian/12\"\n");

        assertEquals(List.of(), widenings());
    }
}
