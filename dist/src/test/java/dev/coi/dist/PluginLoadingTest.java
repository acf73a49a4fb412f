package dev.coi.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    private static final String RANGE = ">=" + dev.coi.api.CoiApi.VERSION + " & <0.4.0";

    @TempDir
    Path home;

    @TempDir
    Path work;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void listsTheBundledPluginsAndTheToolsCoiShipsAsFiles() throws Exception {
        CliRun run = CliRun.of(home, "plugin", "list", "--format", "json");

        assertEquals(0, run.exitCode(), run::toString);
        JsonNode plugins = json.readTree(run.out()).get("plugins");
        assertEquals(List.of("tool-claude", "tool-aider", "net-firewalld", "net-nftables", "host-colima", "image-debian",
                "monitor", "tool-file-codex", "tool-file-gemini", "tool-file-opencode", "tool-file-pi"), ids(plugins));
        for (JsonNode plugin : plugins) {
            assertEquals(plugin.get("id").asText().startsWith("tool-file-") ? "bundled_data" : "bundled",
                    plugin.get("source").asText());
            assertTrue(plugin.get("extensions").size() > 0, plugin::toString);
        }
        assertEquals("ai-tool", plugins.get(0).get("extensions").get(0).get("kind").asText());
        assertEquals("claude", plugins.get(0).get("extensions").get(0).get("name").asText());
    }

    @Test
    void anInstalledPluginIsListedWithItsStateAndCanBeDisabledAndRemoved() throws Exception {
        Path jar = PluginJar.build(work, "tool-example", RANGE, EXAMPLE_SOURCE);

        CliRun install = CliRun.of(home, "plugin", "install", jar.toString(), "--yes");

        assertEquals(0, install.exitCode(), install::toString);
        assertTrue(install.err().contains("runs inside coi with your user's rights"), install::toString);
        assertTrue(install.err().contains("installed plugin tool-example 1.2.3 (ai-tool:example)"), install::toString);
        CliRun run = CliRun.of(home, "plugin", "list", "--format", "json");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode plugins = json.readTree(run.out()).get("plugins");
        assertEquals(List.of("tool-claude", "tool-aider", "net-firewalld", "net-nftables", "host-colima", "image-debian",
                "monitor", "tool-example", "tool-file-codex", "tool-file-gemini", "tool-file-opencode", "tool-file-pi"),
                ids(plugins));
        JsonNode example = plugins.get(7);
        assertEquals("installed", example.get("source").asText());
        assertEquals("enabled", example.get("state").asText());
        assertEquals("1.2.3", example.get("version").asText());
        assertEquals(jar.toString(), example.get("from").asText());
        assertTrue(example.get("location").asText().startsWith(home.resolve(".coi/plugins/tool-example-").toString()),
                example::toString);
        assertEquals("example", example.get("extensions").get(0).get("name").asText());
        CliRun table = CliRun.of(home, "plugin", "list");
        assertTrue(table.out().lines().anyMatch(line -> line.startsWith("tool-example") && line.contains("installed")
                && line.contains("enabled") && line.contains("ai-tool:example")), table::toString);

        assertEquals(0, CliRun.of(home, "plugin", "disable", "tool-example").exitCode());
        CliRun disabled = CliRun.of(home, "plugin", "list");
        assertTrue(disabled.out().lines().anyMatch(line -> line.startsWith("tool-example") && line.contains("disabled")),
                disabled::toString);
        assertTrue(disabled.out().lines().noneMatch(line -> line.contains("ai-tool:example")), disabled::toString);

        CliRun removed = CliRun.of(home, "plugin", "remove", "tool-example");
        assertEquals(0, removed.exitCode(), removed::toString);
        assertTrue(CliRun.of(home, "plugin", "list").out().lines().noneMatch(line -> line.startsWith("tool-example")));
        CliRun again = CliRun.of(home, "plugin", "remove", "tool-example");
        assertEquals(1, again.exitCode(), again::toString);
        assertTrue(again.err().contains("no installed plugin has the id tool-example"), again::toString);
    }

    @Test
    void withoutATerminalInstallingNeedsYes() throws Exception {
        Path jar = PluginJar.build(work, "tool-example", RANGE, EXAMPLE_SOURCE);

        CliRun run = CliRun.of(home, "plugin", "install", jar.toString());

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("no terminal to ask on") && run.err().contains("--yes"), run::toString);
        assertFalse(Files.exists(home.resolve(".coi/plugins/plugins.lock")), run::toString);
    }

    @Test
    void aBrokenJarIsReportedAndSkippedWithoutStoppingCoi() throws Exception {
        Path pluginFolder = Files.createDirectories(home.resolve(".coi/plugins"));
        PluginJar.writeGarbage(pluginFolder.resolve("broken.jar"));
        // as if it had been installed and broke later: the lock names it with its current digest
        lock(pluginFolder, "broken", "broken.jar", RANGE);

        CliRun run = CliRun.of(home, "plugin", "list");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("plugin skipped: " + pluginFolder.resolve("broken.jar") + ": not a valid coi plugin jar"),
                run::toString);
        assertTrue(run.out().contains("tool-claude"), run::toString);
        assertTrue(run.out().lines().anyMatch(line -> line.startsWith("broken") && line.contains("not-loaded")), run::toString);
    }

    @Test
    void aPluginForAnotherApiVersionIsRefusedAndSkipped() throws Exception {
        Path jar = PluginJar.build(work, "tool-example", ">=9.0.0", EXAMPLE_SOURCE);

        CliRun install = CliRun.of(home, "plugin", "install", jar.toString(), "--yes");

        assertEquals(1, install.exitCode(), install::toString);
        assertTrue(install.err().contains("it needs coi-api >=9.0.0, this coi provides"), install::toString);

        // installed under an older coi whose API it matched
        Path pluginFolder = Files.createDirectories(home.resolve(".coi/plugins"));
        Files.copy(jar, pluginFolder.resolve("tool-example.jar"));
        lock(pluginFolder, "tool-example", "tool-example.jar", ">=9.0.0");
        CliRun run = CliRun.of(home, "plugin", "list");

        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("requires coi-api >=9.0.0"), run::toString);
        assertTrue(run.out().lines().noneMatch(line -> line.startsWith("tool-example") && line.contains("ai-tool")), run::toString);
    }

    @Test
    void anInstalledPluginCannotTakeTheIdOfABundledOne() throws Exception {
        Path jar = PluginJar.build(work, "tool-claude", RANGE, EXAMPLE_SOURCE.replace("\"tool-example\"", "\"tool-claude\""));

        CliRun run = CliRun.of(home, "plugin", "install", jar.toString(), "--yes");

        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().contains("is the id of a plugin that comes with coi"), run::toString);
    }

    private static void lock(Path pluginFolder, String id, String file, String requires) throws Exception {
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(pluginFolder.resolve(file))));
        Files.writeString(pluginFolder.resolve("plugins.lock"), """
                {"format": 1, "plugins": [{"id": "%s", "version": "1.2.3", "requires": "%s", "sha256": "%s",
                  "source": "/somewhere/%s", "file": "%s", "enabled": true, "installed_at": "2026-11-27T07:00:00Z"}]}
                """.formatted(id, requires, sha256, file, file));
    }

    private static List<String> ids(JsonNode plugins) {
        List<String> ids = new ArrayList<>();
        plugins.forEach(plugin -> ids.add(plugin.get("id").asText()));
        return ids;
    }
}
