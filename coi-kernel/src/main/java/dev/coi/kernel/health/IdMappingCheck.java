package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code id_mapping}: Incus may map this user's uid and primary gid into a container. coi maps the workspace owner
 * to the container's code user with {@code raw.idmap}, and Incus allows that only for ids delegated to root in
 * {@code /etc/subuid} and {@code /etc/subgid}; without them no session container starts.
 */
public final class IdMappingCheck implements HealthCheck {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path PASSWD = Path.of("/etc/passwd");
    static final Path SUBUID = Path.of("/etc/subuid");
    static final Path SUBGID = Path.of("/etc/subgid");
    private static final Pattern REAL_IDS = Pattern.compile("(?m)^Uid:\\s+(\\d+)");

    @Override
    public String name() {
        return "id_mapping";
    }

    @Override
    public String category() {
        return "CRITICAL";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        Optional<Integer> uid = probe.readFile(STATUS).map(REAL_IDS::matcher).filter(Matcher::find)
                .map(found -> Integer.parseInt(found.group(1)));
        if (uid.isEmpty()) {
            return HealthResult.warning("not checked: this process's uid is unknown", "");
        }
        if (uid.get() == 0) {
            return HealthResult.ok("running as root: a workspace must belong to a normal user whose uid and gid are"
                    + " delegated to root (root:<id>:1 in /etc/subuid and /etc/subgid); coi never maps host root");
        }
        Optional<String> subuid = probe.readFile(SUBUID);
        Optional<String> subgid = probe.readFile(SUBGID);
        if (subuid.isEmpty() || subgid.isEmpty()) {
            return HealthResult.warning("not checked: no " + SUBUID + " or " + SUBGID + " here (Incus runs elsewhere,"
                    + " e.g. in a virtual machine)", "where Incus runs, delegate this user's uid and gid to root"
                    + " there: root:<id>:1 in both files, then restart Incus");
        }
        int gid = probe.readFile(PASSWD).flatMap(passwd -> primaryGid(passwd, uid.get())).orElse(uid.get());
        boolean uidDelegated = delegated(subuid.get(), uid.get());
        boolean gidDelegated = delegated(subgid.get(), gid);
        if (uidDelegated && gidDelegated) {
            return HealthResult.ok("uid " + uid.get() + " and gid " + gid + " may be mapped to the code user");
        }
        StringBuilder missing = new StringBuilder();
        if (!uidDelegated) {
            missing.append("'root:").append(uid.get()).append(":1' in ").append(SUBUID);
        }
        if (!gidDelegated) {
            missing.append(missing.isEmpty() ? "" : " and ").append("'root:").append(gid).append(":1' in ")
                    .append(SUBGID);
        }
        return HealthResult.failed("Incus may not map uid " + uid.get() + " / gid " + gid + " (the owner of your"
                + " workspaces) to the code user, so no session container starts", "add " + missing
                + " and restart Incus (sudo systemctl restart incus), or run scripts/setup-host.sh with sudo");
    }

    /** Whether a line {@code root:<start>:<count>} (or {@code 0:…}) covers the id. */
    static boolean delegated(String subordinateIds, int id) {
        for (String line : subordinateIds.split("\n")) {
            String[] fields = line.strip().split(":");
            if (fields.length != 3 || !(fields[0].equals("root") || fields[0].equals("0"))) {
                continue;
            }
            try {
                long start = Long.parseLong(fields[1]);
                long count = Long.parseLong(fields[2]);
                if (id >= start && id < start + count) {
                    return true;
                }
            } catch (NumberFormatException e) {
                // not a range: the line is none of coi's business
            }
        }
        return false;
    }

    private static Optional<Integer> primaryGid(String passwd, int uid) {
        for (String line : passwd.split("\n")) {
            String[] fields = line.split(":");
            if (fields.length > 3 && fields[2].equals(String.valueOf(uid))) {
                try {
                    return Optional.of(Integer.parseInt(fields[3]));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
