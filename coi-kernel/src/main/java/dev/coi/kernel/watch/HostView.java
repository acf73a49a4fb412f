package dev.coi.kernel.watch;

import java.nio.file.Path;

/**
 * What the host shows of its containers without asking Incus or entering them: where their control groups are,
 * their processes and their counters.
 */
record HostView(ControlGroups groups, HostProcesses processes, HostCounters counters) {

    static HostView of(Path proc, Path cgroups) {
        ControlGroups groups = new ControlGroups(proc, cgroups);
        return new HostView(groups, new HostProcesses(proc, groups), new HostCounters(proc, groups));
    }

    static HostView ofThisHost() {
        return of(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }
}
