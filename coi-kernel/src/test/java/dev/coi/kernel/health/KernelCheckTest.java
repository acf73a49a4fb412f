package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.kernel.incus.IncusException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelCheckTest {

    private static final Path KERNEL = Path.of("/proc/sys/kernel/osrelease");
    private static final Path CGROUP2 = Path.of("/sys/fs/cgroup/cgroup.controllers");
    private static final Path HYBRID = Path.of("/sys/fs/cgroup/unified/cgroup.controllers");
    private static final Map<String, String> ALL_FEATURES = Map.of("idmapped_mounts", "true", "seccomp_listener",
            "true", "netnsid_getifaddrs", "true");

    private static HealthResult check(Map<Path, String> files, Map<String, String> settings,
            Map<String, String> features) {
        NoHost host = new NoHost(files, settings);
        return new KernelCheck(() -> features).run(host, host);
    }

    private static HealthResult withoutIncus(Map<Path, String> files, Map<String, String> settings) {
        NoHost host = new NoHost(files, settings);
        return new KernelCheck(() -> {
            throw new IncusException("Incus cannot be reached", 0, "", null);
        }).run(host, host);
    }

    @Test
    void aCurrentKernelWithCgroupV2AndTheFeaturesPasses() {
        HealthResult result = check(Map.of(KERNEL, "6.8.0-45-generic\n", CGROUP2, "cpu memory pids\n"), Map.of(),
                ALL_FEATURES);

        assertEquals(Status.OK, result.status(), result::toString);
        assertEquals("Linux 6.8.0-45-generic, cgroup v2", result.message());
        assertEquals("true", result.details().get("feature.seccomp_listener"));
    }

    @Test
    void noIdmappedMountsIsFineBecauseCoiNeverShiftsADisk() {
        Map<String, String> features = new HashMap<>(ALL_FEATURES);
        features.put("idmapped_mounts", "false");

        HealthResult result = check(Map.of(KERNEL, "5.4.0\n", CGROUP2, ""), Map.of(), features);

        assertEquals(Status.OK, result.status(), result::toString);
        assertEquals("false", result.details().get("feature.idmapped_mounts"));
    }

    @Test
    void withoutIncusTheFeaturesAreSaidToBeUnknown() {
        HealthResult result = withoutIncus(Map.of(KERNEL, "5.4.0-150-generic\n", CGROUP2, ""), Map.of());

        assertEquals(Status.OK, result.status(), result::toString);
        assertEquals("Linux 5.4.0-150-generic, cgroup v2, features not known without Incus", result.message());
    }

    @Test
    void noSeccompListenerWarnsThatSyscallsCannotBeIntercepted() {
        Map<String, String> features = new HashMap<>(ALL_FEATURES);
        features.put("seccomp_listener", "false");

        HealthResult result = check(Map.of(KERNEL, "6.1.0\n", CGROUP2, ""), Map.of(), features);

        assertEquals(Status.WARNING, result.status());
        assertTrue(result.message().contains("no seccomp listener"), result.message());
        assertTrue(!result.fix().isBlank());
    }

    @Test
    void cgroupV1WarnsWithTheKernelParameterThatSwitchesToV2() {
        HealthResult hybrid = check(Map.of(KERNEL, "6.18.44\n", HYBRID, ""), Map.of(), ALL_FEATURES);
        HealthResult legacy = check(Map.of(KERNEL, "6.18.44\n"), Map.of(), ALL_FEATURES);

        assertEquals(Status.WARNING, hybrid.status());
        assertTrue(hybrid.message().startsWith("Linux 6.18.44, cgroup v1 (hybrid): images with"
                + " systemd 256"), hybrid.message());
        assertTrue(hybrid.fix().contains("systemd.unified_cgroup_hierarchy=1"), hybrid.fix());
        assertEquals("cgroup v1", legacy.details().get("cgroups"));
    }
}
