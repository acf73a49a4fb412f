package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.HealthResult;
import dev.coi.kernel.plugin.LoadedPlugin;
import dev.coi.kernel.plugin.PluginProblem;
import dev.coi.kernel.plugin.PluginRegistry;
import dev.coi.kernel.plugin.PluginSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PluginsCheckTest {

    private static final LoadedPlugin BUNDLED = new LoadedPlugin("tool-claude", "1", "claude", PluginSource.BUNDLED,
            Optional.empty(), List.of());
    private static final LoadedPlugin INSTALLED = new LoadedPlugin("hello", "1", "hello", PluginSource.INSTALLED,
            Optional.of(Path.of("/h/.coi/plugins/hello.jar")), List.of());

    @Test
    void allLoadedIsOk() {
        HealthResult result = new PluginsCheck(new PluginRegistry(List.of(BUNDLED, INSTALLED), List.of())).run(null, null);

        assertEquals(HealthResult.Status.OK, result.status());
        assertEquals("1 bundled and 1 installed plugins loaded", result.message());
        assertEquals("tool-claude,hello", result.details().get("loaded"));
    }

    @Test
    void aSkippedPluginIsAWarningWithItsReasonAsTheFix() {
        PluginProblem problem = new PluginProblem("/h/.coi/plugins/x.jar", "not a valid coi plugin jar; remove it");

        HealthResult result = new PluginsCheck(new PluginRegistry(List.of(BUNDLED), List.of(problem))).run(null, null);

        assertEquals(HealthResult.Status.WARNING, result.status());
        assertEquals("1 bundled and 0 installed plugins loaded; 1 skipped: /h/.coi/plugins/x.jar", result.message());
        assertEquals("/h/.coi/plugins/x.jar: not a valid coi plugin jar; remove it", result.fix());
    }
}
