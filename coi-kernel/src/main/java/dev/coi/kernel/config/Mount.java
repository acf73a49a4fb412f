package dev.coi.kernel.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host directory mounted into every container, from {@code [[mounts.default]]}.
 *
 * @param host          the absolute host path, {@code ~} expanded; relative paths are relative to the config file
 * @param containerPath the absolute, normalised path inside the container
 */
public record Mount(Path host, String containerPath) {

    /** Checks that both paths are given. */
    public Mount {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(containerPath, "containerPath");
    }
}
