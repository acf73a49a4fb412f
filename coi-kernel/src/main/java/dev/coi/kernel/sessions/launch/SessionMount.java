package dev.coi.kernel.sessions.launch;

import java.nio.file.Path;

/**
 * A host directory mounted into a session container as an Incus disk device.
 *
 * @param device the device name, {@code mount-0}, {@code mount-1}, ...
 * @param host the absolute host path
 * @param containerPath the absolute, normalized path in the container
 */
public record SessionMount(String device, Path host, String containerPath) {
}
