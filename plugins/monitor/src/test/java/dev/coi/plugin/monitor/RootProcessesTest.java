package dev.coi.plugin.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.ContainerProcess;
import dev.coi.api.ThreatLevel;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which root processes of a container became root under the session's user, and how bad each is. */
class RootProcessesTest {

    private static final ContainerProcess INIT = process(1, 0, 0, "/sbin/init");
    private static final ContainerProcess SHELL = process(50, 1, 1000, "bash");

    @Test
    void sudoIsAWarningOrOnlyRecordedWhenAllowed() {
        // sudo keeps the user's real uid; its command is root's, and what that starts is root's business
        List<ContainerProcess> processes = List.of(INIT, SHELL, process(60, 50, 1000, "sudo", "apt-get", "update"),
                process(61, 60, 0, "apt-get", "update"), process(62, 61, 0, "/usr/lib/apt/methods/http"));

        assertEquals(Map.of(61L, ThreatLevel.WARNING), levels(processes, false));
        assertEquals(Map.of(61L, ThreatLevel.INFO), levels(processes, true));
        assertEquals("root through sudo: sudo apt-get update",
                RootProcesses.check(processes, false).values().iterator().next().message());

        List<ContainerProcess> withMonitor = List.of(INIT, SHELL, process(70, 50, 1000, "sudo", "-i"),
                process(71, 70, 0, "sudo", "-i"), process(72, 71, 0, "-bash"));
        assertEquals(Map.of(71L, ThreatLevel.WARNING), levels(withMonitor, false), "sudo's own root process");
    }

    @Test
    void becomingRootWithoutSudoIsHighAndSuAWarning() {
        List<ContainerProcess> processes = List.of(INIT, SHELL, process(70, 50, 0, "/tmp/rootperl", "-e", "x"),
                process(71, 50, 0, "su", "-"), process(73, 50, 1000, "pkexec", "id"), process(74, 73, 0, "id"));

        assertEquals(Map.of(70L, ThreatLevel.HIGH, 71L, ThreatLevel.WARNING, 74L, ThreatLevel.WARNING),
                levels(processes, true));
    }

    @Test
    void whatRootOrAServiceUserStartsAndCommandsFromOutsideAreNotLookedAt() {
        List<ContainerProcess> processes = List.of(INIT, SHELL,
                process(80, 1, 0, "/lib/systemd/systemd-journald"),
                process(81, 1, 101, "dbus-daemon", "--system"),
                process(82, 81, 0, "/usr/lib/dbus-1.0/dbus-daemon-launch-helper"),
                process(83, 9999, 0, "tmux", "send-keys"),
                process(84, 50, 0));

        assertEquals(Map.of(), levels(processes, false));
    }

    private static Map<Long, ThreatLevel> levels(List<ContainerProcess> processes, boolean allowSudo) {
        return RootProcesses.check(processes, allowSudo).entrySet().stream().collect(Collectors.toMap(
                entry -> entry.getKey().pid(), entry -> entry.getValue().level()));
    }

    private static ContainerProcess process(long pid, long parent, int uid, String... commandLine) {
        return new ContainerProcess(pid, parent, uid, List.of(commandLine), false);
    }
}
