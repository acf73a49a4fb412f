package dev.coi.plugin.monitor;

import dev.coi.api.ContainerProcess;
import dev.coi.api.ThreatLevel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Root processes the session did not start as root: a process of root in the container whose parent there runs as
 * a regular user (uid 1000 and up: the session's user, not the system's service users, whose daemons may start
 * helpers as root) became root on its way. sudo (which the image gives the user) and the other programs made to change
 * user are a warning, sudo only recorded where the user allows it; anything else that became root (a setuid copy
 * of an interpreter, an exploit) is high. What root starts (the container's services, coi's own commands, which
 * come from outside the container) is not looked at.
 */
final class RootProcesses {

    static final String ROOT_PROCESS = "root-process";

    private static final int FIRST_REGULAR_UID = 1000;
    private static final Set<String> SUDOS = Set.of("sudo", "sudoedit", "doas", "run0");
    /** The setuid programs of a Debian system by which a user becomes root on purpose. */
    private static final Set<String> USER_SWITCHES = Set.of("su", "pkexec", "newgrp", "sg", "passwd", "chsh",
            "chfn", "gpasswd", "mount", "umount", "fusermount", "fusermount3");

    private RootProcesses() {
    }

    /**
     * @param processes the container's processes
     * @param allowSudo whether sudo is only recorded
     * @return what each process that became root is, by process
     */
    static Map<ContainerProcess, ProcessPatterns.Finding> check(List<ContainerProcess> processes, boolean allowSudo) {
        Map<Long, ContainerProcess> byPid = processes.stream()
                .collect(Collectors.toMap(ContainerProcess::pid, Function.identity(), (a, b) -> a));
        Map<ContainerProcess, ProcessPatterns.Finding> raised = new HashMap<>();
        for (ContainerProcess process : processes) {
            ContainerProcess parent = byPid.get(process.parentPid());
            if (process.uid() == 0 && parent != null && parent.uid() >= FIRST_REGULAR_UID
                    && !process.commandLine().isEmpty()) {
                raised.put(process, finding(process, parent, allowSudo));
            }
        }
        return raised;
    }

    /**
     * A setuid program keeps the user's real uid and gives root's to what it starts: sudo's command is the root
     * process under a sudo of the user's; a setuid program that takes root's real uid itself is its own way in.
     */
    private static ProcessPatterns.Finding finding(ContainerProcess process, ContainerProcess parent,
            boolean allowSudo) {
        ContainerProcess way = switches(parent) ? parent : process;
        String program = ProcessPatterns.program(way.commandLine().isEmpty() ? "" : way.commandLine().get(0));
        String text = ProcessPatterns.shortened(way.commandText());
        if (SUDOS.contains(program)) {
            return new ProcessPatterns.Finding(ROOT_PROCESS, allowSudo ? ThreatLevel.INFO : ThreatLevel.WARNING,
                    "root through " + program + ": " + text);
        }
        if (USER_SWITCHES.contains(program)) {
            return new ProcessPatterns.Finding(ROOT_PROCESS, ThreatLevel.WARNING, "root through " + program + ": "
                    + text);
        }
        return new ProcessPatterns.Finding(ROOT_PROCESS, ThreatLevel.HIGH,
                "became root without sudo, under a process of another user: " + text);
    }

    private static boolean switches(ContainerProcess process) {
        if (process.commandLine().isEmpty()) {
            return false;
        }
        String program = ProcessPatterns.program(process.commandLine().get(0));
        return SUDOS.contains(program) || USER_SWITCHES.contains(program);
    }
}
