package dev.coi.api;

import java.util.Objects;

/**
 * The outcome of a command run on the host or in a container.
 *
 * @param exitCode the exit code, 126 when it could not be executed and 127 when it was not found
 * @param stdout everything the command wrote to standard output
 * @param stderr everything the command wrote to standard error
 * @since 0.1.0
 */
public record CommandResult(int exitCode, String stdout, String stderr) {

    /**
     * Checks the components.
     *
     * @param exitCode the exit code
     * @param stdout standard output
     * @param stderr standard error
     */
    public CommandResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /**
     * Whether the command exited with 0.
     *
     * @return true on success
     */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
