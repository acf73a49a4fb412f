package dev.coi.kernel.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coi.api.ContainerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container's processes read from a {@code /proc} and a control group tree laid out as a hybrid host has them. */
class HostProcessesTest {

    @TempDir
    Path root;

    @Test
    void readsEveryProcessOfTheContainersGroupsWithItsParentTerminalUserAndArguments() throws IOException {
        Path proc = root.resolve("proc");
        Path cgroups = root.resolve("cgroup");
        process(proc, 100, "systemd", 0, 0, 1_000_000, "/sbin/init\0");
        process(proc, 200, "bash (x)", 100, 34816, 1_001_000, "bash\0-i\0");
        process(proc, 300, "sh", 200, 0, 5, "sh\0-c\0echo a b\0");
        Files.writeString(proc.resolve("100/cgroup"), "1:cpu:/lxc.payload.c1\n0::/lxc.payload.c1/init.scope\n");
        Files.writeString(proc.resolve("100/uid_map"), "         0    1000000 1000000000\n");
        group(cgroups.resolve("unified/lxc.payload.c1"), "100\n");
        group(cgroups.resolve("unified/lxc.payload.c1/.lxc"), "200\n300\n400\n");
        group(cgroups.resolve("unified/lxc.payload.c2"), "999\n");

        List<ContainerProcess> processes = HostView.of(proc, cgroups).processes().of(100).stream()
                .sorted(Comparator.comparingLong(ContainerProcess::pid)).toList();

        assertEquals(List.of(
                new ContainerProcess(100, 0, 0, List.of("/sbin/init"), false),
                new ContainerProcess(200, 100, 1000, List.of("bash", "-i"), true),
                new ContainerProcess(300, 200, -1, List.of("sh", "-c", "echo a b"), false)), processes,
                "pid 400 ended before it was read, pid 999 is another container's");
    }

    @Test
    void aContainerThatStoppedHasNoProcesses() throws IOException {
        Path proc = Files.createDirectories(root.resolve("proc/100"));
        Files.writeString(proc.resolve("cgroup"), "0::/user.slice\n");

        assertEquals(List.of(), HostView.of(root.resolve("proc"), root.resolve("cgroup")).processes().of(100));
    }

    private static void process(Path proc, long pid, String name, long parent, long tty, int uid, String cmdline)
            throws IOException {
        Path folder = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(folder.resolve("stat"), pid + " (" + name + ") S " + parent + " " + pid + " " + pid + " "
                + tty + " -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 1 0 0\n");
        Files.writeString(folder.resolve("status"), "Name:\t" + name + "\nUid:\t" + uid + "\t" + uid + "\t" + uid
                + "\t" + uid + "\nGid:\t0\t0\t0\t0\n");
        Files.writeString(folder.resolve("cmdline"), cmdline);
    }

    private static void group(Path folder, String pids) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("cgroup.procs"), pids);
    }
}
