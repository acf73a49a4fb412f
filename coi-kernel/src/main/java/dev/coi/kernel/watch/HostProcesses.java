package dev.coi.kernel.watch;

import dev.coi.api.ContainerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The processes of a container as the host sees them: the pids in its control group (found through its init
 * process), and for each its parent, terminal, user and command line from {@code /proc}. Nothing in the container
 * can hide a process from this or change what it says, and reading it needs no rights over the container: the files
 * are readable by every user.
 */
final class HostProcesses {

    private final Path proc;
    private final ControlGroups groups;

    HostProcesses(Path proc, ControlGroups groups) {
        this.proc = proc;
        this.groups = groups;
    }

    /**
     * @param initPid the host pid of the container's init process
     * @return its processes; empty when the container no longer runs
     */
    List<ContainerProcess> of(long initPid) throws IOException {
        Optional<Path> group = groups.unified(initPid);
        if (group.isEmpty()) {
            return List.of();
        }
        UidMap uids = UidMap.of(read(proc.resolve(initPid + "/uid_map")));
        List<ContainerProcess> processes = new ArrayList<>();
        for (long pid : pids(group.get())) {
            process(pid, uids).ifPresent(processes::add);
        }
        return processes;
    }

    private static List<Long> pids(Path group) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.walk(group)) {
            for (Path file : files.filter(file -> file.getFileName().toString().equals("cgroup.procs")).toList()) {
                try {
                    Files.readAllLines(file).stream().filter(line -> !line.isBlank())
                            .forEach(line -> pids.add(Long.parseLong(line.strip())));
                } catch (IOException e) {
                    // the group went while it was read: its processes ended
                }
            }
        }
        return pids;
    }

    private Optional<ContainerProcess> process(long pid, UidMap uids) {
        try {
            String stat = read(proc.resolve(pid + "/stat"));
            // the command name in parentheses may hold spaces and parentheses itself: the fields follow the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long parent = Long.parseLong(fields[1]);
            boolean terminal = Long.parseLong(fields[4]) != 0;
            int hostUid = read(proc.resolve(pid + "/status")).lines()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> Integer.parseInt(line.substring(4).strip().split("\\s+")[0]))
                    .findFirst().orElse(-1);
            byte[] raw = Files.readAllBytes(proc.resolve(pid + "/cmdline"));
            List<String> commandLine = raw.length == 0 ? List.of()
                    : Arrays.asList(new String(raw, StandardCharsets.UTF_8).replaceAll("\0$", "").split("\0", -1));
            return Optional.of(new ContainerProcess(pid, parent, uids.inside(hostUid), commandLine, terminal));
        } catch (IOException | RuntimeException e) {
            // the process ended while it was read
            return Optional.empty();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** A user namespace's {@code uid_map}: which host ids are which ids inside. */
    private record UidMap(List<long[]> ranges) {

        static UidMap of(String text) {
            return new UidMap(text.lines().map(String::strip).filter(line -> !line.isEmpty())
                    .map(line -> Arrays.stream(line.split("\\s+")).mapToLong(Long::parseLong).toArray())
                    .toList());
        }

        /** The id inside, or -1 for a host id the namespace does not map. */
        int inside(int hostUid) {
            for (long[] range : ranges) {
                if (hostUid >= range[1] && hostUid < range[1] + range[2]) {
                    return (int) (hostUid - range[1] + range[0]);
                }
            }
            return -1;
        }
    }
}
