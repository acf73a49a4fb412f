package dev.coi.plugin.colima;

import dev.coi.api.HostAdjustments;
import dev.coi.api.HostEnvironment;
import dev.coi.api.HostProbe;
import dev.coi.api.NetworkMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A Linux VM made by Colima or Lima on macOS. Such VMs share macOS folders over virtiofs and map user ids
 * themselves, so Incus must not shift them again; they ship without firewalld.
 */
public final class ColimaEnvironment implements HostEnvironment {

    private static final Path MOUNTS = Path.of("/proc/mounts");
    private static final int FSTYPE_FIELD = 2;

    @Override
    public String name() {
        return "colima";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Optional<HostAdjustments> detect(HostProbe probe) {
        Optional<String> evidence = virtiofsMount(probe).or(() -> limaUser(probe));
        return evidence.map(found -> new HostAdjustments(
                "Colima/Lima VM (" + found + ")",
                false,
                Set.of(NetworkMode.OPEN),
                List.of("UID shifting is off: the VM maps macOS user ids itself",
                        "restricted and allowlist network modes need firewalld, which Colima/Lima VMs lack by default;"
                                + " use --network=open or install firewalld in the VM")));
    }

    private static Optional<String> virtiofsMount(HostProbe probe) {
        return probe.readFile(MOUNTS).flatMap(mounts -> mounts.lines()
                .map(line -> line.split("\\s+"))
                .filter(fields -> fields.length > FSTYPE_FIELD && fields[FSTYPE_FIELD].equals("virtiofs"))
                .map(fields -> "virtiofs mount at " + fields[1])
                .findFirst());
    }

    private static Optional<String> limaUser(HostProbe probe) {
        return probe.environment("USER").filter("lima"::equals).map(user -> "user lima");
    }
}
