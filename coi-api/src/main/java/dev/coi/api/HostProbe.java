package dev.coi.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Read-only access to the host, so detection code can be pointed at fixtures in tests.
 *
 * @since 0.1.0
 */
public interface HostProbe {

    /**
     * Reads a text file of the host, such as {@code /proc/mounts}.
     *
     * @param file an absolute path as it would be on a real host
     * @return the content, or empty when the file does not exist or cannot be read
     */
    Optional<String> readFile(Path file);

    /**
     * Reads an environment variable of the coi process.
     *
     * @param name the variable name
     * @return the value, or empty when unset
     */
    Optional<String> environment(String name);

    /**
     * Reads a value of the effective coi configuration.
     *
     * @param key a dotted key, for example {@code incus.disable_shift}
     * @return the value as text, or empty when the key is unset
     */
    Optional<String> setting(String key);

    /**
     * The host network interface coi's containers are attached to: the bridge of the NIC of Incus's
     * {@code default} profile. Health checks of firewall plugins use it to see how the host filters
     * the containers' traffic.
     *
     * @return the interface name, or empty when it is not known (outside {@code coi health}, or when the
     *         profile has no NIC)
     */
    default Optional<String> containerBridge() {
        return Optional.empty();
    }
}
