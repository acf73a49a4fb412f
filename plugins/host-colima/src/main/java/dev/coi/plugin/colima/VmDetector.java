package dev.coi.plugin.colima;

import dev.coi.api.HostProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a Colima or Lima VM from what Lima leaves in the guest, or from the {@code host.environment} setting.
 * Everything is read through the {@link HostProbe}, so tests hand it fixture files.
 */
final class VmDetector {

    static final String SETTING = "host.environment";
    static final String LINUX = "linux";

    private static final Path MOUNTS = Path.of("/proc/mounts");
    private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");
    /** Where Lima's boot script mounts its cloud-init data (the {@code cidata} disk) in every Lima guest. */
    private static final String LIMA_CIDATA = "/mnt/lima-cidata";
    /** Lima tags its 9p and virtiofs shares {@code mount0}, {@code mount1}, ... */
    private static final Pattern LIMA_SHARE_TAG = Pattern.compile("mount\\d+");
    /** Lima gives the guest user the home {@code /home/<user>.linux}, apart from the macOS home it mounts. */
    private static final Pattern LIMA_HOME = Pattern.compile("/home/[^/]+\\.linux/?");
    private static final Pattern COLIMA_HOSTNAME = Pattern.compile("colima(?:-(.+))?");
    private static final Pattern LIMA_HOSTNAME = Pattern.compile("lima-(.+)");

    private record MountEntry(String source, String mountPoint, String type) {
    }

    Optional<DetectedVm> detect(HostProbe probe) {
        String chosen = probe.setting(SETTING).orElse("auto");
        String hostname = probe.readFile(HOSTNAME).map(String::strip).orElse("");
        if (chosen.equals(LINUX)) {
            return Optional.empty();
        }
        for (VmKind kind : VmKind.values()) {
            if (chosen.equals(kind.settingValue())) {
                return Optional.of(new DetectedVm(kind, List.of(SETTING + " = " + chosen), instance(kind, hostname)));
            }
        }
        List<String> evidence = evidence(probe);
        if (evidence.isEmpty()) {
            return Optional.empty();
        }
        VmKind kind = COLIMA_HOSTNAME.matcher(hostname).matches() ? VmKind.COLIMA : VmKind.LIMA;
        if (kind == VmKind.COLIMA) {
            evidence.add("host name " + hostname);
        }
        return Optional.of(new DetectedVm(kind, evidence, instance(kind, hostname)));
    }

    private static List<String> evidence(HostProbe probe) {
        List<String> evidence = new ArrayList<>();
        List<MountEntry> mounts = mounts(probe);
        mounts.stream().filter(mount -> mount.mountPoint().equals(LIMA_CIDATA)).findFirst()
                .ifPresent(mount -> evidence.add("Lima boot data at " + LIMA_CIDATA));
        mounts.stream().filter(mount -> mount.type().equals("virtiofs")).findFirst()
                .ifPresent(mount -> evidence.add("virtiofs mount at " + mount.mountPoint()));
        mounts.stream()
                .filter(mount -> mount.type().equals("9p") && LIMA_SHARE_TAG.matcher(mount.source()).matches())
                .findFirst()
                .ifPresent(mount -> evidence.add("9p share " + mount.source() + " at " + mount.mountPoint()));
        probe.environment("USER").filter("lima"::equals).ifPresent(user -> evidence.add("user lima"));
        probe.environment("HOME").filter(home -> LIMA_HOME.matcher(home).matches())
                .ifPresent(home -> evidence.add("home " + home));
        return evidence;
    }

    private static List<MountEntry> mounts(HostProbe probe) {
        return probe.readFile(MOUNTS).stream()
                .flatMap(String::lines)
                .map(line -> line.split("\\s+"))
                .filter(fields -> fields.length > 2)
                .map(fields -> new MountEntry(fields[0], fields[1], fields[2]))
                .toList();
    }

    private static Optional<String> instance(VmKind kind, String hostname) {
        Matcher matcher = (kind == VmKind.COLIMA ? COLIMA_HOSTNAME : LIMA_HOSTNAME).matcher(hostname);
        return matcher.matches() ? Optional.ofNullable(matcher.group(1)) : Optional.empty();
    }
}
