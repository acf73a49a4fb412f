package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.incus.IncusException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code kernel_version}: the kernel and the features of it that coi's containers use. The seccomp listener lets
 * Incus intercept the mknod and setxattr calls coi allows, and cgroup v2 is what newer systemd inside images insists
 * on. Incus knows the features for sure ({@code environment.kernel_features} of {@code GET /1.0}). Idmapped mounts
 * are listed but not needed: coi maps the workspace owner with {@code raw.idmap} and never shifts a disk.
 */
public final class KernelCheck implements HealthCheck {

    private static final Path KERNEL_RELEASE = Path.of("/proc/sys/kernel/osrelease");
    private static final Path CGROUP2_ROOT = Path.of("/sys/fs/cgroup/cgroup.controllers");
    private static final Path CGROUP2_HYBRID = Path.of("/sys/fs/cgroup/unified/cgroup.controllers");

    private final Supplier<Map<String, String>> incusKernelFeatures;

    /** @param incusKernelFeatures what Incus reports; may throw when Incus cannot be reached */
    public KernelCheck(Supplier<Map<String, String>> incusKernelFeatures) {
        this.incusKernelFeatures = incusKernelFeatures;
    }

    @Override
    public String name() {
        return "kernel_version";
    }

    @Override
    public String category() {
        return "SYSTEM";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        Optional<String> release = probe.readFile(KERNEL_RELEASE).map(String::strip);
        Optional<Map<String, String>> features = features();
        String cgroups = probe.readFile(CGROUP2_ROOT).isPresent() ? "cgroup v2"
                : probe.readFile(CGROUP2_HYBRID).isPresent() ? "cgroup v1 (hybrid)" : "cgroup v1";
        Map<String, String> details = new LinkedHashMap<>();
        release.ifPresent(known -> details.put("kernel", known));
        details.put("cgroups", cgroups);
        features.ifPresent(known -> known.forEach((feature, value) -> details.put("feature." + feature, value)));

        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (features.isPresent() && !"true".equals(features.get().get("seccomp_listener"))) {
            problems.add("no seccomp listener, so Incus cannot intercept mknod and setxattr (package installs that"
                    + " make device nodes or set capabilities fail in containers)");
            fixes.add("use a kernel of 5.0 or newer with CONFIG_SECCOMP_FILTER");
        }
        if (!cgroups.equals("cgroup v2")) {
            problems.add("images with systemd 256 or newer (Debian 13, Ubuntu 24.10 and later) do not boot without"
                    + " cgroup v2; the coi image (Debian 12) does");
            fixes.add("boot the host with the unified cgroup hierarchy (kernel parameter"
                    + " systemd.unified_cgroup_hierarchy=1, the default of current distributions)");
        }
        String summary = "Linux " + release.orElse("(unknown version)") + ", " + cgroups
                + (features.isPresent() ? "" : ", features not known without Incus");
        if (problems.isEmpty()) {
            return new HealthResult(Status.OK, summary, "", details);
        }
        return new HealthResult(Status.WARNING, summary + ": " + String.join("; ", problems), String.join("; ", fixes),
                details);
    }

    /** Incus's answer, or empty when it cannot be asked: the incus check reports that. */
    private Optional<Map<String, String>> features() {
        try {
            return Optional.of(incusKernelFeatures.get()).filter(known -> !known.isEmpty());
        } catch (IncusException e) {
            return Optional.empty();
        }
    }
}
