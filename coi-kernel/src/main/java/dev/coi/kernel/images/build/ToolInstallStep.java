package dev.coi.kernel.images.build;

import java.util.Objects;

/**
 * How an AI tool gets into the image: a bash script run as root inside the image during the build, after the
 * base packages (Node.js, npm, python3, pipx) are in. It runs with {@code set -euo pipefail}; when it fails the
 * build logs {@code [coi] WARNING: <tool> could not be installed: ...} and goes on without the tool, so a
 * tool whose package source is unreachable never costs the user the whole image.
 *
 * @param tool the tool's name, e.g. {@code aider}: lower-case letters, digits, {@code .}, {@code _} and
 *             {@code -}
 * @param script the bash script
 */
public record ToolInstallStep(String tool, String script) {

    /**
     * Checks the name, which becomes part of a file name.
     *
     * @param tool the tool's name
     * @param script the script
     */
    public ToolInstallStep {
        Objects.requireNonNull(script, "script");
        if (tool == null || !tool.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("a tool name is lower-case letters, digits, '.', '_' and '-', was '"
                    + tool + "'");
        }
    }
}
