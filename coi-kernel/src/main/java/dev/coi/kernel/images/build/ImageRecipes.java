package dev.coi.kernel.images.build;

import dev.coi.kernel.base.BuildInfo;
import dev.coi.kernel.base.CoiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The recipes of {@code coi build} and {@code coi build custom}. */
final class ImageRecipes {

    /** The image content script, a resource of this package, shared with the offline builder. */
    static final String CONTENT_SCRIPT = "coi-image.sh";

    private ImageRecipes() {
    }

    /**
     * The {@code coi} image in a build container: the content script, with what it installs from its build
     * directory, as it expects it: the host's extra CA certificates in {@code ca/}, installed first, and the AI
     * tools' install steps in {@code tools.d/} ({@link ToolInstallStep#buildFiles}).
     *
     * @param certificates the certificates, from {@link HostCertificates}
     * @param tools the tools' install steps
     * @param base what the image is built from, recorded in the image ({@code COI_BASE})
     */
    static BuildRecipe coi(byte[] contentScript, List<BuildRecipe.File> certificates, List<ToolInstallStep> tools,
                           String base) {
        List<BuildRecipe.File> files = new ArrayList<>(certificates);
        files.add(new BuildRecipe.File(CONTENT_SCRIPT, contentScript, 0755));
        files.addAll(ToolInstallStep.buildFiles(tools));
        BuildInfo coi = BuildInfo.current();
        return new BuildRecipe(files, List.of(new BuildRecipe.Step("Running the image content script", CONTENT_SCRIPT)),
                Map.of("COI_VERSION", coi.version() + "+" + coi.commit(), "COI_BASE", base));
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
