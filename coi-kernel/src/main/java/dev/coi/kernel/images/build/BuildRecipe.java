package dev.coi.kernel.images.build;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a build container runs: files copied into the build directory {@value #DIRECTORY}, and the scripts among
 * them run there one after the other, as root, with {@code COI_BUILD_DIR} set to that directory and the
 * recipe's environment. The directory is removed before the image is made.
 *
 * @param files the files, by path relative to the build directory
 * @param steps the scripts to run, in order; the first that fails fails the build
 * @param environment variables the scripts get besides {@code COI_BUILD_DIR}
 */
public record BuildRecipe(List<File> files, List<Step> steps, Map<String, String> environment) {

    /** Where the files go in the image being built. */
    public static final String DIRECTORY = "/tmp/coi-build";

    public BuildRecipe {
        files = List.copyOf(files);
        steps = List.copyOf(steps);
        environment = Map.copyOf(environment);
        for (Step step : steps) {
            if (files.stream().noneMatch(file -> file.path().equals(step.script()))) {
                throw new IllegalArgumentException("step " + step.script() + " names no file of the recipe");
            }
        }
    }

    /** The content of the file at a path of the recipe. */
    public byte[] content(String path) {
        return files.stream().filter(file -> file.path().equals(path)).findFirst().orElseThrow().content();
    }

    /**
     * A file of the recipe.
     *
     * @param path its path relative to the build directory, e.g. {@code ca-certificates/proxy.crt}
     * @param content its bytes
     * @param mode its permission bits
     */
    public record File(String path, byte[] content, int mode) {

        public File {
            Objects.requireNonNull(path, "path");
            if (path.startsWith("/") || Arrays.asList(path.split("/")).contains("..")) {
                throw new IllegalArgumentException("a recipe path must stay inside the build directory: " + path);
            }
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }

    /**
     * A script to run.
     *
     * @param description what it does, for progress messages
     * @param script the path of the script among the files
     */
    public record Step(String description, String script) {
    }
}
