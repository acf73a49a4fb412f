package dev.coi.api;

import java.util.Objects;

/**
 * A file from the user's home directory on the host that an {@link AiTool} needs in the container. Nothing
 * else from the host home enters a container unless the user mounts it.
 *
 * @param path the path relative to the home directory, for example {@code .aider.conf.yml}; the same
 *             path relative to the container user's home is where it goes
 * @param kind what the file is, which decides how it is carried in and out
 * @since 0.1.0
 */
public record ToolFile(String path, Kind kind) {

    /** How a tool file is treated. */
    public enum Kind {
        /**
         * Secrets the tool may refresh while it runs. The session starts with the freshest valid copy among
         * the host's file and what earlier sessions brought out (see {@link AiTool#credentialsValidUntil}).
         */
        CREDENTIALS,
        /**
         * A JSON object the tool reads settings from: the user's copy with {@link AiTool#sandboxSettings()}
         * merged over it, or those settings alone when the user has none.
         */
        SETTINGS,
        /** Copied in as it is, when the user has it. */
        PLAIN
    }

    /**
     * Checks the path.
     *
     * @param path the relative path
     * @param kind the kind
     */
    public ToolFile {
        Objects.requireNonNull(kind, "kind");
        if (path.isEmpty() || path.startsWith("/") || path.contains("..")) {
            throw new IllegalArgumentException("a tool file path must be relative to the home directory"
                    + " and stay inside it, was: " + path);
        }
    }
}
