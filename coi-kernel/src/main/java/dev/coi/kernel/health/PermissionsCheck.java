package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code permissions}: this user may use the Incus socket, as root or as a member of the group that owns it
 * ({@code incus.group}, {@code incus-admin} by default). A user just added to the group gets it only with a new
 * login, which is the usual surprise.
 */
public final class PermissionsCheck implements HealthCheck {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path GROUPS = Path.of("/etc/group");
    private static final Pattern EFFECTIVE_UID = Pattern.compile("(?m)^Uid:\\s+\\d+\\s+(\\d+)");
    private static final Pattern PROCESS_GROUPS = Pattern.compile("(?m)^Groups:([ \\t\\d]*)$");

    private final Path socket;
    private final Predicate<Path> usable;

    public PermissionsCheck(Path socket) {
        this(socket, path -> Files.isReadable(path) && Files.isWritable(path));
    }

    /** @param usable whether this process may read and write a file; tests stand in for the socket's mode */
    PermissionsCheck(Path socket, Predicate<Path> usable) {
        this.socket = socket;
        this.usable = usable;
    }

    @Override
    public String name() {
        return "permissions";
    }

    @Override
    public String category() {
        return "CRITICAL";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        Optional<String> status = probe.readFile(STATUS);
        Optional<Integer> uid = status.map(EFFECTIVE_UID::matcher).filter(Matcher::find)
                .map(found -> Integer.parseInt(found.group(1)));
        String group = probe.setting("incus.group").filter(name -> !name.isBlank()).orElse("incus-admin");
        String user = probe.environment("USER").filter(name -> !name.isBlank())
                .orElse(uid.map(known -> "uid " + known).orElse("this user"));
        if (uid.filter(known -> known == 0).isPresent()) {
            return HealthResult.ok("running as root, which may use the Incus socket " + socket);
        }
        Optional<GroupEntry> entry = probe.readFile(GROUPS).flatMap(groups -> GroupEntry.find(groups, group));
        boolean inProcessGroups = entry.isPresent()
                && status.map(PermissionsCheck::processGroups).orElse(List.of()).contains(entry.get().gid());
        if (usable.test(socket)) {
            return HealthResult.ok(user + " may use the Incus socket " + socket
                    + (inProcessGroups ? " (member of " + group + ")" : ""));
        }
        String newLogin = "log out and in again (or start a shell with the group: newgrp " + group + ")";
        if (!Files.exists(socket)) {
            return HealthResult.warning("not checked: there is no Incus socket at " + socket, "see the incus check");
        }
        if (inProcessGroups) {
            return HealthResult.failed(user + " is in " + group + " but cannot use " + socket
                    + ": the socket belongs to another group", "let the Incus daemon own it with " + group
                    + " (incusd --group " + group + "), or set incus.group to the socket's group and join that");
        }
        if (entry.isPresent() && entry.get().members().contains(user)) {
            return HealthResult.failed(user + " was added to " + group + ", but this login does not have the group"
                    + " yet, so it cannot use " + socket, newLogin);
        }
        return HealthResult.failed(user + " cannot use the Incus socket " + socket + ": not root and not in the group "
                + group, "sudo usermod -aG " + group + " " + user + ", then " + newLogin);
    }

    private static List<Integer> processGroups(String status) {
        Matcher found = PROCESS_GROUPS.matcher(status);
        if (!found.find()) {
            return List.of();
        }
        return Arrays.stream(found.group(1).strip().split("\\s+")).filter(id -> !id.isEmpty()).map(Integer::valueOf)
                .toList();
    }

    /** One line of {@code /etc/group}: {@code name:x:gid:member,member}. */
    private record GroupEntry(int gid, List<String> members) {

        static Optional<GroupEntry> find(String groups, String name) {
            return groups.lines()
                    .map(line -> line.split(":", -1))
                    .filter(fields -> fields.length >= 4 && fields[0].equals(name) && fields[2].matches("\\d+"))
                    .findFirst()
                    .map(fields -> new GroupEntry(Integer.parseInt(fields[2]),
                            Arrays.stream(fields[3].split(",")).map(String::strip).filter(m -> !m.isEmpty()).toList()));
        }
    }
}
