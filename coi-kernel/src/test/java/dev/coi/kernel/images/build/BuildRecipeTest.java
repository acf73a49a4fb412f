package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.AiTool;
import dev.coi.api.ToolLaunch;
import dev.coi.kernel.base.CoiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildRecipeTest {

    @TempDir
    Path dir;

    @Test
    void pathsStayInsideTheBuildDirectory() {
        assertThrows(IllegalArgumentException.class, () -> new BuildRecipe.File("/etc/passwd", new byte[0], 0644));
        assertThrows(IllegalArgumentException.class, () -> new BuildRecipe.File("a/../../x", new byte[0], 0644));
    }

    @Test
    void aStepMustNameOneOfTheFiles() {
        assertThrows(IllegalArgumentException.class, () -> new BuildRecipe(List.of(),
                List.of(new BuildRecipe.Step("run", "missing.sh")), Map.of()));
    }

    @Test
    void aCustomRecipeRunsTheUsersScriptAlone() throws IOException {
        Path script = Files.writeString(dir.resolve("setup.sh"), "echo hi\n");

        BuildRecipe recipe = ImageRecipes.custom(script);

        assertEquals(List.of(new BuildRecipe.Step("Executing build script", "build.sh")), recipe.steps());
        assertArrayEquals("echo hi\n".getBytes(), recipe.content("build.sh"));
    }

    @Test
    void aMissingScriptIsSaidAsTheReferenceToolSaysIt() {
        Path missing = dir.resolve("nope.sh");

        CoiException error = assertThrows(CoiException.class, () -> ImageRecipes.custom(missing));

        assertEquals("build script not found: " + missing, error.getMessage());
        assertEquals(1, error.exitCode());
    }

    @Test
    void theCoiRecipeRunsTheContentScriptWithCertificatesAndToolScriptsWhereItLooksForThem() {
        BuildRecipe.File certificate = new BuildRecipe.File("ca/01-proxy.crt", new byte[] {1}, 0644);
        List<ToolInstallStep> tools = List.of(new ToolInstallStep("claude", "npm install claude\n", true),
                new ToolInstallStep("aider", "pip install aider-chat\n", false));

        BuildRecipe recipe = ImageRecipes.coi("#!/bin/bash\n".getBytes(), List.of(certificate), tools,
                "images:debian/12");

        assertEquals(List.of("ca/01-proxy.crt", "coi-image.sh", "tools.d/01-claude.sh", "tools.d/02-aider.sh",
                "tools.d/required"), recipe.files().stream().map(BuildRecipe.File::path).toList());
        assertEquals(List.of("coi-image.sh"), recipe.steps().stream().map(BuildRecipe.Step::script).toList());
        assertArrayEquals("pip install aider-chat\n".getBytes(), recipe.content("tools.d/02-aider.sh"));
        assertArrayEquals("claude\n".getBytes(), recipe.content("tools.d/required"));
        assertEquals("images:debian/12", recipe.environment().get("COI_BASE"));
        assertTrue(recipe.environment().containsKey("COI_VERSION"));
    }

    @Test
    void onlyTheConfiguredToolsStepIsRequiredAndToolsWithoutAScriptHaveNone() {
        List<ToolInstallStep> steps = ToolInstallStep.of(List.of(tool("claude", Optional.of("npm i\n")),
                tool("plain", Optional.empty()), tool("aider", Optional.of("pipx i\n"))), "claude");

        assertEquals(List.of(new ToolInstallStep("claude", "npm i\n", true), new ToolInstallStep("aider", "pipx i\n",
                false)), steps);
        assertEquals(List.of(new ToolInstallStep("claude", "npm i\n", false)),
                ToolInstallStep.of(List.of(tool("claude", Optional.of("npm i\n"))), "aider"));
    }

    @Test
    void noRequiredToolMakesAnEmptyList() {
        List<BuildRecipe.File> files = ToolInstallStep.buildFiles(List.of(new ToolInstallStep("aider", "x", false)));

        assertEquals(List.of("tools.d/01-aider.sh", "tools.d/required"),
                files.stream().map(BuildRecipe.File::path).toList());
        assertEquals(0, files.get(1).content().length);
    }

    private static AiTool tool(String name, Optional<String> installScript) {
        return new AiTool() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String binary() {
                return name;
            }

            @Override
            public Optional<String> configDirectory() {
                return Optional.empty();
            }

            @Override
            public List<String> commandLine(ToolLaunch launch) {
                return List.of(name);
            }

            @Override
            public Map<String, Object> sandboxSettings() {
                return Map.of();
            }

            @Override
            public Optional<String> discoverSessionId(Path savedStateDirectory) {
                return Optional.empty();
            }

            @Override
            public Optional<String> imageInstallScript() {
                return installScript;
            }
        };
    }
}
