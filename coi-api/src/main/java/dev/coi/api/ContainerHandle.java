package dev.coi.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One container, as much of it as a plugin needs: run commands, move files, find its address.
 *
 * @since 0.1.0
 */
public interface ContainerHandle {

    /**
     * The container's name in Incus.
     *
     * @return the name
     */
    String name();

    /**
     * Runs a command in the container without a terminal and collects its output. When Incus loses track of it
     * on a busy host, it is tried again, and the lost one may have run: give only commands that do no harm twice.
     *
     * @param command the program and its arguments; no shell is involved
     * @param options user, group, working directory and environment
     * @return the real exit code and output
     * @throws PortException when the command could not be started
     */
    CommandResult exec(List<String> command, ExecOptions options);

    /**
     * Copies a host file or directory (recursively) into the container.
     *
     * @param source the host path
     * @param destination the absolute path in the container
     * @param ownership owner and mode for what is created
     * @throws PortException when the copy failed
     */
    void push(Path source, String destination, FileOwnership ownership);

    /**
     * Copies a file or directory (recursively) out of the container.
     *
     * @param source the absolute path in the container
     * @param destination the host path; an existing one is replaced only after the copy is complete
     * @throws PortException when the copy failed
     */
    void pull(String source, Path destination);

    /**
     * The container's IPv4 address on its first network interface.
     *
     * @return the address, or empty when the container has none (yet)
     */
    Optional<String> ipv4Address();
}
