package dev.coi.kernel.config;

import static dev.coi.kernel.config.ConfigFixture.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tool.NAME.env}: which host variables a tool receives, one key per tool whatever the tool. */
class ToolEnvironmentConfigTest {

    @TempDir
    Path root;

    private ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(root);
    }

    @Test
    void aToolTableNamesTheVariablesOfThatToolOnly() throws Exception {
        write(fixture.userFile, "[tool]\nname = \"aider\"\n[tool.aider]\nenv = [\"ANTHROPIC_API_KEY\", \"OPENAI_API_KEY\"]\n");

        LoadedConfig loaded = fixture.load();

        assertEquals(List.of(), loaded.warnings(), loaded.warnings()::toString);
        CoiConfig config = loaded.config();
        assertEquals(List.of("ANTHROPIC_API_KEY", "OPENAI_API_KEY"), config.toolEnvironment("aider"));
        assertEquals(List.of(), config.toolEnvironment("claude"));
        assertEquals(Map.of("aider", List.of("ANTHROPIC_API_KEY", "OPENAI_API_KEY")), config.toolEnvironments());
        assertEquals(fixture.userFile.toString(), ConfigFixture.origin(config, "tool.aider.env"));
        assertTrue(config.entries().stream().anyMatch(entry -> entry.key().equals("tool.aider.env")));
    }

    @Test
    void aProfileMayNameOtherVariablesAndALaterSourceReplacesTheList() throws Exception {
        write(fixture.userFile, "[tool.aider]\nenv = [\"A\"]\n[profiles.work.tool.aider]\nenv = [\"B\"]\n");

        assertEquals(List.of("A"), fixture.config().toolEnvironment("aider"));
        assertEquals(List.of("B"), fixture.load("work").config().toolEnvironment("aider"));
    }

    @Test
    void aBadNameIsAnErrorWithItsPlace() throws Exception {
        write(fixture.userFile, "[tool.aider]\nenv = [\"OK\", \"NOT-A-NAME\"]\n");

        ConfigException error = assertThrows(ConfigException.class, fixture::load);

        assertTrue(error.getMessage().contains(fixture.userFile + ":2:"), error.getMessage());
        assertTrue(error.getMessage().contains("tool.aider.env[1]"), error.getMessage());
        assertTrue(error.getMessage().contains("a variable name of letters, digits and _"), error.getMessage());
    }

    @Test
    void anUnknownKeyInAToolTableIsStillReported() throws Exception {
        write(fixture.userFile, "[tool.aider]\nenvironment = [\"A\"]\n");

        LoadedConfig loaded = fixture.load();

        assertTrue(loaded.warnings().toString().contains("unknown key tool.aider.environment"),
                loaded.warnings()::toString);
    }

    @Test
    void theWorkspaceFilePassingHostVariablesNeedsConsent() throws Exception {
        write(fixture.userFile, "[tool.aider]\nenv = [\"A\"]\n");
        write(fixture.projectFile, "[tool.aider]\nenv = [\"A\", \"AWS_SECRET_ACCESS_KEY\"]\n");

        List<String> widenings = fixture.load().workspaceWidening().orElseThrow().widenings().stream()
                .map(Widening::describe).toList();

        assertEquals(List.of("tool.aider.env passes the host variables AWS_SECRET_ACCESS_KEY into the container"),
                widenings);
    }
}
