package dev.coi.api;

import java.util.List;

/**
 * A process of a container, as the host's {@code /proc} shows it.
 *
 * @param pid its process id on the host
 * @param parentPid its parent's process id on the host
 * @param uid its real user id inside the container (0: root there)
 * @param commandLine its arguments, the program first; empty for a kernel thread or a process that just ended
 * @param hasTerminal whether it has a controlling terminal
 * @since 0.3.2
 */
public record ContainerProcess(long pid, long parentPid, int uid, List<String> commandLine, boolean hasTerminal) {

    /** Keeps a copy of the arguments. */
    public ContainerProcess {
        commandLine = List.copyOf(commandLine);
    }

    /**
     * The command line as one text.
     *
     * @return the arguments joined by spaces
     */
    public String commandText() {
        return String.join(" ", commandLine);
    }
}
