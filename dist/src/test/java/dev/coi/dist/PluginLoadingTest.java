package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coi.kernel.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoadingTest {

    private static final String EXAMPLE_SOURCE = """
            package example;

            import dev.coi.api.*;
            import java.util.*;

            public final class ExamplePlugin implements CoiPlugin {
                public String id() { return "tool-example"; }
                public String version() { return "1.2.3"; }
                public String description() { return "an example tool"; }
                public List<Extension> extensions() {
                    return List.of(new AiTool() {
                        public String name() { return "example"; }
                        public String binary() { return "example"; }
                        public Optional<String> configDirectory() { return Optional.empty(); }
                        public List<String> commandLine(ToolLaunch launch) { return List.of("example"); }
                        public Map<String, Object> sandboxSettings() { return Map.of(); }
                        public Optional<String> discoverSessionId(java.nio.file.Path dir) { return Optional.empty(); }
                    });
                }
            }
            """;

    @TempDir
    Path home;

    @TempDir
    Path work;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void listsTheFourBundledPlugins() throws Exception {
        CliRun run = CliRun.of(home, "plugin", "list", "--format", "json");

        assertEquals(0, run.exitCode(), run::toString);
        JsonNode plugins = json.readTree(run.out()).get("plugins");
        assertEquals(List.of("tool-claude", "tool-aider", "net-firewalld", "host-colima"), ids(plugins));
        for (JsonNode plugin : plugins) {
            assertEquals("bundled", plugin.get("source").asText());
            assertTrue(plugin.get("extensions").size() > 0, plugin::toString);
        }
        assertEquals("ai-tool", plugins.get(0).get("extensions").get(0).get("kind").asText());
        assertEquals("claude", plugins.get(0).get("extensions").get(0).get("name").asText());
    }

    @Test
    void aPluginJarDroppedIntoThePluginFolderIsListed() throws Exception {
        Path jar = PluginJar.build(work, "tool-example", null, EXAMPLE_SOURCE);
        Path pluginFolder = Files.createDirectories(home.resolve(".coi/plugins"));
        Files.copy(jar, pluginFolder.resolve(jar.getFileName()));

        CliRun run = CliRun.of(home, "plugin", "list", "--format", "json");

        assertEquals(0, run.exitCode(), run::toString);
        JsonNode plugins = json.readTree(run.out()).get("plugins");
        assertEquals(List.of("tool-claude", "tool-aider", "net-firewalld", "host-colima", "tool-example"), ids(plugins));
        JsonNode example = plugins.get(4);
        assertEquals("installed", example.get("source").asText());
        assertEquals("1.2.3", example.get("version").asText());
        assertEquals(pluginFolder.resolve("tool-example.jar").toString(), example.get("location").asText());
        assertEquals("example", example.get("extensions").get(0).get("name").asText());

        CliRun table = CliRun.of(home, "plugin", "list");
        assertTrue(table.out().lines().anyMatch(line -> line.startsWith("tool-example") && line.contains("installed")
                && line.contains("ai-tool:example")), table::toString);
    }

    @Test
    void aBrokenJarIsReportedAndSkippedWithoutStoppingCoi() throws Exception {
        Path pluginFolder = Files.createDirectories(home.resolve(".coi/plugins"));
        PluginJar.writeGarbage(pluginFolder.resolve("broken.jar"));

        CliRun run = CliRun.of(home, "plugin", "list");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("plugin skipped: " + pluginFolder.resolve("broken.jar")), run::toString);
        assertTrue(run.out().contains("tool-claude"), run::toString);
    }

    @Test
    void aPluginForAnotherApiVersionIsSkipped() throws Exception {
        Path jar = PluginJar.build(work, "tool-example", ">=9.0.0", EXAMPLE_SOURCE);
        Path pluginFolder = Files.createDirectories(home.resolve(".coi/plugins"));
        Files.copy(jar, pluginFolder.resolve(jar.getFileName()));

        CliRun run = CliRun.of(home, "plugin", "list");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("requires coi-api >=9.0.0"), run::toString);
        assertTrue(run.out().lines().noneMatch(line -> line.startsWith("tool-example")), run::toString);
    }

    @Test
    void anInstalledPluginCannotTakeTheIdOfABundledOne() throws Exception {
        Path jar = PluginJar.build(work, "tool-claude", null, EXAMPLE_SOURCE.replace("\"tool-example\"", "\"tool-claude\""));
        Path pluginFolder = Files.createDirectories(home.resolve(".coi/plugins"));
        Files.copy(jar, pluginFolder.resolve("impostor.jar"));

        CliRun run = CliRun.of(home, "plugin", "list", "--format", "json");

        assertEquals(List.of("tool-claude", "tool-aider", "net-firewalld", "host-colima"),
                ids(json.readTree(run.out()).get("plugins")));
        assertTrue(run.err().contains("already used by the bundled plugin"), run::toString);
    }

    private static List<String> ids(JsonNode plugins) {
        List<String> ids = new ArrayList<>();
        plugins.forEach(plugin -> ids.add(plugin.get("id").asText()));
        return ids;
    }
}
