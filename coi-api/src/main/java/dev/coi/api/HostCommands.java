package dev.coi.api;

import java.time.Duration;
import java.util.List;

/**
 * Runs a command on the host, the port through which plugins call tools such as {@code firewall-cmd}.
 *
 * @since 0.1.0
 */
public interface HostCommands {

    /**
     * Runs a command without a shell and waits for it.
     *
     * @param argv the program and its arguments
     * @param timeout how long to wait before the command is killed
     * @return the exit code and output; exit code 127 when the program does not exist
     * @throws PortException when the command could not be run or timed out
     */
    CommandResult run(List<String> argv, Duration timeout);
}
