package dev.coi.kernel.images.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coi.api.AiTool;
import dev.coi.api.ImageBuildRequest;
import dev.coi.api.ImageContent;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.testing.NamedTool;
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
    void theCoiRecipeRunsTheImageBasesScriptAmongItsFilesWithItsEnvironment() {
        ImageContent content = new ImageContent(List.of(new ImageContent.File("ca/01-proxy.crt", new byte[] {1}, 0644),
                new ImageContent.File("coi-image.sh", "#!/bin/bash\n".getBytes(), 0755)), "coi-image.sh",
                Map.of("COI_BASE", "images:debian/12"));

        BuildRecipe recipe = ImageRecipes.coi(content);

        assertEquals(List.of("ca/01-proxy.crt", "coi-image.sh"),
                recipe.files().stream().map(BuildRecipe.File::path).toList());
        assertEquals(List.of(0644, 0755), recipe.files().stream().map(BuildRecipe.File::mode).toList());
        assertEquals(List.of("coi-image.sh"), recipe.steps().stream().map(BuildRecipe.Step::script).toList());
        assertArrayEquals("#!/bin/bash\n".getBytes(), recipe.content("coi-image.sh"));
        assertEquals(Map.of("COI_BASE", "images:debian/12"), recipe.environment());
    }

    @Test
    void onlyTheConfiguredToolsStepIsRequiredAndToolsWithoutAScriptHaveNone() {
        List<ImageBuildRequest.Tool> steps = ImageTools.of(List.of(tool("claude", Optional.of("npm i\n")),
                tool("plain", Optional.empty()), tool("aider", Optional.of("pipx i\n"))), "claude");

        assertEquals(List.of(new ImageBuildRequest.Tool("claude", "npm i\n", true),
                new ImageBuildRequest.Tool("aider", "pipx i\n", false)), steps);
        assertEquals(List.of(new ImageBuildRequest.Tool("claude", "npm i\n", false)),
                ImageTools.of(List.of(tool("claude", Optional.of("npm i\n"))), "aider"));
    }

    private static AiTool tool(String name, Optional<String> installScript) {
        return new NamedTool(name) {
            @Override
            public Optional<String> imageInstallScript() {
                return installScript;
            }
        };
    }
}
