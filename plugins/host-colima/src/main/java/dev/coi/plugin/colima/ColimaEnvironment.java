package dev.coi.plugin.colima;

import dev.coi.api.HostAdjustments;
import dev.coi.api.HostEnvironment;
import dev.coi.api.HostProbe;
import dev.coi.api.NetworkMode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Linux VM made by Colima or Lima on macOS. Such VMs share macOS folders over virtiofs, 9p or sshfs and map
 * user ids themselves, so Incus must not shift them again. Their images ship without firewalld, so only the open
 * network mode works until the user installs it; the {@code colima} health check looks at the running VM.
 */
public final class ColimaEnvironment implements HostEnvironment {

    private final VmDetector detector = new VmDetector();

    @Override
    public String name() {
        return "colima";
    }

    @Override
    public int priority() {
        return 100;
    }

    /** {@code host.environment = "colima"} or {@code "lima"} says which VM this is without looking. */
    @Override
    public Set<String> settingValues() {
        return Stream.of(VmKind.values()).map(VmKind::settingValue).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Optional<HostAdjustments> detect(HostProbe probe) {
        return detector.detect(probe).map(vm -> new HostAdjustments(
                vm.description(),
                false,
                Set.of(NetworkMode.OPEN),
                List.of("UID shifting is off: the VM maps macOS user ids itself",
                        "restricted and allowlist network modes work only while firewalld runs inside the VM,"
                                + " which " + vm.kind().label() + " images lack by default; "
                                + FirewalldInVm.howToEnable(vm) + ", or use --network=open")));
    }
}
