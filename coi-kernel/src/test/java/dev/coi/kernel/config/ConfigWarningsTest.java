package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWarningsTest {

    @TempDir
    Path root;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(root);
    }

    private List<String> warningsOf(String toml) throws ConfigException {
        write(fixture.projectFile, toml);
        return fixture.load().warnings().stream().map(ConfigProblem::toString).toList();
    }

    private String at(int line, int column) {
        return fixture.projectFile + ":" + line + ":" + column + ": ";
    }

    @Test
    void anUnknownKeyIsAWarningWithTheLikelyKey() throws ConfigException {
        assertEquals(List.of(at(2, 1) + "unknown key network.mod (did you mean network.mode?)"),
                warningsOf("[network]\nmod = \"open\"\n"));
    }

    @Test
    void aKeyInTheWrongTableSuggestsWhereItBelongs() throws ConfigException {
        assertEquals(List.of(at(1, 1) + "unknown key persistent (did you mean defaults.persistent?)"),
                warningsOf("persistent = true\n"));
    }

    @Test
    void aMisspelledTableIsOneWarning() throws ConfigException {
        assertEquals(List.of(at(1, 1) + "unknown key netwrok (did you mean network?)"),
                warningsOf("[netwrok]\nmode = \"open\"\nallowed_domains = []\n"));
    }

    @Test
    void aKeyFarFromAnyKnownKeyHasNoSuggestion() throws ConfigException {
        assertEquals(List.of(at(2, 1) + "unknown key tool.colour"),
                warningsOf("[tool]\ncolour = \"blue\"\n"));
    }

    @Test
    void anUnknownKeyInAProfileSuggestsTheProfileKey() throws ConfigException {
        assertEquals(List.of(at(2, 1) + "unknown key profiles.rust.imag (did you mean profiles.rust.image?)"),
                warningsOf("[profiles.rust]\nimag = \"coi-rust\"\n"));
    }

    @Test
    void theUnknownKeyDoesNotStopTheRestOfTheFile() throws ConfigException {
        write(fixture.projectFile, "[network]\nmod = \"open\"\nallow_local_network_access = true\n");

        assertEquals(true, fixture.config().network().allowLocalNetworkAccess());
    }

    @Test
    void legacyKeysOfTheReferenceReadmeWarnThatTheyHaveNoEffect() throws ConfigException {
        assertEquals(List.of(
                        at(3, 1) + "defaults.mount_claude_config is a legacy key and has no effect: the AI tool's "
                                + "plugin decides what to mount; remove it",
                        at(6, 1) + "incus.claude_uid is a legacy key and has no effect: use incus.code_uid; remove it"),
                warningsOf("""
                        [defaults]
                        image = "coi"
                        mount_claude_config = true
                        [incus]
                        project = "default"
                        claude_uid = 1000
                        """));
    }
}
