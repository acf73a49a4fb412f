package dev.coi.api;

import java.util.Map;
import java.util.Objects;

/**
 * How a command runs in a container.
 *
 * @param uid the user id
 * @param gid the group id
 * @param workingDirectory the absolute working directory
 * @param environment extra environment variables
 * @since 0.1.0
 */
public record ExecOptions(int uid, int gid, String workingDirectory, Map<String, String> environment) {

    /**
     * Checks and copies the components.
     *
     * @param uid the user id
     * @param gid the group id
     * @param workingDirectory the working directory
     * @param environment the environment
     */
    public ExecOptions {
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        environment = Map.copyOf(environment);
    }

    /**
     * Root in {@code /root} with no extra environment.
     *
     * @return the options
     */
    public static ExecOptions asRoot() {
        return new ExecOptions(0, 0, "/root", Map.of());
    }
}
