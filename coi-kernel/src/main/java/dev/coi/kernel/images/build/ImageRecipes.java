package dev.coi.kernel.images.build;

import dev.coi.api.AiTool;
import dev.coi.kernel.CoiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The recipes of {@code coi build} and {@code coi build custom}. */
final class ImageRecipes {

    /** The image content script, a resource of this package, shared with the offline builder. */
    static final String CONTENT_SCRIPT = "coi-image.sh";

    private ImageRecipes() {
    }

    /**
     * The {@code coi} image: the content script, then each AI tool's own install script (a failing one is
     * skipped with a warning), with the host's extra CA certificates under {@code ca-certificates/} for the
     * content script to install first.
     */
    static BuildRecipe coi(byte[] contentScript, List<BuildRecipe.File> certificates, List<AiTool> tools) {
        List<BuildRecipe.File> files = new ArrayList<>(certificates);
        files.add(new BuildRecipe.File(CONTENT_SCRIPT, contentScript, 0755));
        List<BuildRecipe.Step> steps = new ArrayList<>();
        steps.add(new BuildRecipe.Step("Running the image content script", CONTENT_SCRIPT, true));
        for (AiTool tool : tools) {
            tool.imageInstallScript().ifPresent(script -> {
                String path = "tools/" + tool.name() + ".sh";
                files.add(new BuildRecipe.File(path, script.getBytes(StandardCharsets.UTF_8), 0755));
                steps.add(new BuildRecipe.Step("Installing " + tool.name(), path, false));
            });
        }
        return new BuildRecipe(files, steps);
    }

    /** A user's own script, and nothing else. */
    static BuildRecipe custom(Path script) {
        if (!Files.isRegularFile(script)) {
            throw CoiException.failure("build script not found: " + script);
        }
        try {
            BuildRecipe.File file = new BuildRecipe.File("build.sh", Files.readAllBytes(script), 0755);
            return new BuildRecipe(List.of(file), List.of(new BuildRecipe.Step("Executing build script", "build.sh",
                    true)));
        } catch (IOException e) {
            throw CoiException.failure("cannot read the build script " + script + ": " + e.getMessage());
        }
    }

    /** The content script built into coi. */
    static byte[] contentScript() {
        try (InputStream in = ImageRecipes.class.getResourceAsStream(CONTENT_SCRIPT)) {
            if (in == null) {
                throw CoiException.failure("this coi has no image content script (" + CONTENT_SCRIPT + ") built in"
                        + " yet, so it cannot make the coi image; 'coi build custom NAME --script FILE --base IMAGE'"
                        + " runs a script of your own");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in " + CONTENT_SCRIPT, e);
        }
    }
}
