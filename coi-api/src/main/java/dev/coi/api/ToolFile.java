package dev.coi.api;

import java.util.Objects;
import java.util.Set;

/**
 * A file from the user's home directory on the host that an {@link AiTool} needs in the container. Nothing
 * else from the host home enters a container unless the user mounts it.
 *
 * @param path the path relative to the home directory, for example {@code .aider.conf.yml}; the same
 *             path relative to the container user's home is where it goes
 * @param kind what the file is, which decides how it is carried in and out
 * @param keys for a {@link Kind#SETTINGS} file, the top-level keys of the user's JSON object that are carried
 *             in; every other key stays on the host. Empty for the other kinds
 * @since 0.1.0
 */
public record ToolFile(String path, Kind kind, Set<String> keys) {

    /** How a tool file is treated. */
    public enum Kind {
        /**
         * Secrets the tool may refresh while it runs. The session starts with the freshest valid copy among
         * the host's file and what earlier sessions brought out (see {@link AiTool#credentialsValidUntil}).
         */
        CREDENTIALS,
        /**
         * A JSON object the tool reads settings from: the {@link ToolFile#keys() keys} the tool names, taken from
         * the user's copy, with {@link AiTool#sandboxSettings()} merged over them. A settings file often holds
         * more than the tool needs to run (tokens of other services, cloud keys, names of other projects), and
         * the agent reads every file of its container, so nothing is carried that the tool does not name.
         */
        SETTINGS,
        /** Copied in as it is, when the user has it. */
        PLAIN
    }

    /**
     * Checks the path and the keys.
     *
     * @param path the relative path
     * @param kind the kind
     * @param keys the carried top-level keys of a settings file
     */
    public ToolFile {
        Objects.requireNonNull(kind, "kind");
        if (path.isEmpty() || path.startsWith("/") || path.contains("..")) {
            throw new IllegalArgumentException("a tool file path must be relative to the home directory"
                    + " and stay inside it, was: " + path);
        }
        keys = Set.copyOf(keys);
        if (!keys.isEmpty() && kind != Kind.SETTINGS) {
            throw new IllegalArgumentException("only a settings file carries keys, " + path + " is " + kind);
        }
        if (keys.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("a carried key of " + path + " is blank: " + keys);
        }
    }

    /**
     * A file that carries no keys: for a {@link Kind#SETTINGS} file, the container gets the sandbox settings
     * alone.
     *
     * @param path the relative path
     * @param kind the kind
     */
    public ToolFile(String path, Kind kind) {
        this(path, kind, Set.of());
    }

    /**
     * A settings file of which the named top-level keys of the user's copy are carried in.
     *
     * @param path the relative path
     * @param keys the carried keys
     * @return the file
     * @since 0.1.0
     */
    public static ToolFile settings(String path, String... keys) {
        return new ToolFile(path, Kind.SETTINGS, Set.of(keys));
    }
}
