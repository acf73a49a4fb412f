package dev.coi.kernel.images.build;

import dev.coi.api.AiTool;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an AI tool gets into the image: a bash script run as root inside the image during the build, after the
 * base packages (Node.js, npm, python3, pipx) and the user {@code code} are in. It runs with
 * {@code set -euo pipefail}; when it fails the build logs {@code [coi] WARNING: <tool> could not be installed: ...}
 * and goes on without the tool, so a tool whose package source is unreachable never costs the user the whole
 * image. The configured tool ({@code [tool] name}) is {@code required}: an image without it is of no use, so its
 * failure fails the build.
 *
 * @param tool the tool's name, e.g. {@code aider}: lower-case letters, digits, {@code .}, {@code _} and
 *             {@code -}
 * @param script the bash script
 * @param required whether the build fails when the script does
 */
public record ToolInstallStep(String tool, String script, boolean required) {

    /** Where the content script looks for the steps, inside its build directory. */
    static final String DIRECTORY = "tools.d";
    /** The names of the required tools, one a line. */
    static final String REQUIRED_LIST = DIRECTORY + "/required";

    /**
     * Checks the name, which becomes part of a file name.
     *
     * @param tool the tool's name
     * @param script the script
     * @param required whether the build fails when the script does
     */
    public ToolInstallStep {
        Objects.requireNonNull(script, "script");
        if (tool == null || !tool.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("a tool name is lower-case letters, digits, '.', '_' and '-', was '"
                    + tool + "'");
        }
    }

    /**
     * The install steps of the tools that have one, in their order.
     *
     * @param tools the AI tools
     * @param configuredTool the name of the tool sessions run ({@code [tool] name}), whose step is required
     * @return the steps
     */
    public static List<ToolInstallStep> of(List<AiTool> tools, String configuredTool) {
        return tools.stream()
                .flatMap(tool -> tool.imageInstallScript()
                        .map(script -> new ToolInstallStep(tool.name(), script, tool.name().equals(configuredTool)))
                        .stream())
                .toList();
    }

    /**
     * The files the content script expects in its build directory, for the container build and the offline build
     * alike: {@code tools.d/NN-TOOL.sh}, run in name order, and {@value #REQUIRED_LIST}, the names of the tools
     * whose failure fails the build.
     *
     * @param steps the steps, in the order they run
     * @return the files, with paths relative to the build directory
     */
    static List<BuildRecipe.File> buildFiles(List<ToolInstallStep> steps) {
        List<BuildRecipe.File> files = new ArrayList<>();
        StringBuilder required = new StringBuilder();
        int index = 0;
        for (ToolInstallStep step : steps) {
            files.add(new BuildRecipe.File("%s/%02d-%s.sh".formatted(DIRECTORY, ++index, step.tool()),
                    step.script().getBytes(StandardCharsets.UTF_8), 0755));
            if (step.required()) {
                required.append(step.tool()).append('\n');
            }
        }
        files.add(new BuildRecipe.File(REQUIRED_LIST, required.toString().getBytes(StandardCharsets.UTF_8), 0644));
        return files;
    }
}
