package dev.coi.kernel.sessions.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.AiTool;
import dev.coi.api.Extension;
import dev.coi.kernel.config.CoiConfig;
import dev.coi.kernel.config.ConfigEnvironment;
import dev.coi.kernel.config.ConfigLoader;
import dev.coi.kernel.config.ExtensionSchema;
import dev.coi.kernel.plugin.PluginLoader;
import dev.coi.kernel.tools.ToolDefinitionReader;
import dev.coi.kernel.testing.NamedTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which host variables reach the tool: those named for it and set on the host, nothing else. */
class ToolEnvironmentTest {

    private static final Map<String, String> HOST = Map.of("ANTHROPIC_API_KEY", "sk-named",
            "OPENAI_API_KEY", "sk-unnamed", "STUB_TOKEN", "token", "HOME", "/home/user", "PATH", "/usr/bin");

    @TempDir
    Path home;

    private CoiConfig config(String toml) throws Exception {
        Path file = home.resolve(".config/coi/config.toml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, toml);
        return new ConfigLoader(new ConfigEnvironment(Map.of(), home, home, home.resolve("etc/coi/config.toml")),
                ExtensionSchema.of(PluginLoader.bundled().extensions(Extension.class)))
                .load().config();
    }

    /** A plugin's tool: it declares no variables of its own. */
    private static AiTool pluginTool(String name) {
        return new NamedTool(name);
    }

    @Test
    void aNamedVariableIsPassedAndAnUnnamedOneIsNot() throws Exception {
        CoiConfig config = config("[tool.aider]\nenv = [\"ANTHROPIC_API_KEY\", \"NOT_SET_ON_THE_HOST\"]\n");

        assertEquals(Map.of("ANTHROPIC_API_KEY", "sk-named"), ToolEnvironment.of(pluginTool("aider"), config, HOST));
    }

    @Test
    void anotherToolsNamesDoNotCount() throws Exception {
        CoiConfig config = config("[tool.aider]\nenv = [\"ANTHROPIC_API_KEY\"]\n");

        assertEquals(Map.of(), ToolEnvironment.of(pluginTool("claude"), config, HOST));
    }

    @Test
    void aDeclaredToolGetsItsOwnVariablesAndTheUsers() throws Exception {
        Path tools = Files.createDirectories(home.resolve("tools"));
        Path file = Files.writeString(tools.resolve("stub.toml"), "binary = \"stub\"\nenv = [\"STUB_TOKEN\"]\n"
                + "[command]\nnew = [\"stub\"]\n");
        AiTool stub = ToolDefinitionReader.read(file);
        CoiConfig config = config("[tool.stub]\nenv = [\"ANTHROPIC_API_KEY\"]\n");

        assertEquals(Map.of("STUB_TOKEN", "token", "ANTHROPIC_API_KEY", "sk-named"),
                ToolEnvironment.of(stub, config, HOST));
    }
}
