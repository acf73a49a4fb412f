package dev.coi.kernel.images.build;

import dev.coi.api.ImageBase;
import dev.coi.api.ImageContent;
import dev.coi.kernel.base.CoiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The recipes of {@code coi build} and {@code coi build custom}. */
final class ImageRecipes {

    private ImageRecipes() {
    }

    /**
     * The {@code coi} image in a build container: the content an {@link ImageBase} gives, its script run as the
     * only step.
     *
     * @param content the files, the script among them and its environment
     */
    static BuildRecipe coi(ImageContent content) {
        List<BuildRecipe.File> files = content.files().stream()
                .map(file -> new BuildRecipe.File(file.path(), file.content(), file.mode())).toList();
        return new BuildRecipe(files, List.of(new BuildRecipe.Step("Running the image content script",
                content.script())), content.environment());
    }

    /** A user's own script, and nothing else. */
    static BuildRecipe custom(Path script) {
        if (!Files.isRegularFile(script)) {
            throw CoiException.failure("build script not found: " + script);
        }
        try {
            BuildRecipe.File file = new BuildRecipe.File("build.sh", Files.readAllBytes(script), 0755);
            return new BuildRecipe(List.of(file), List.of(new BuildRecipe.Step("Executing build script", "build.sh")),
                    Map.of());
        } catch (IOException e) {
            throw CoiException.failure("cannot read the build script " + script + ": " + e.getMessage());
        }
    }
}
