package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code os}: the distribution and kernel. Idmapped mounts, which give workspace files the right owner in the
 * container, need Linux 5.12 or newer; older kernels work only with {@code incus.disable_shift}.
 */
public final class OsCheck implements HealthCheck {

    private static final Path OS_RELEASE = Path.of("/etc/os-release");
    private static final Path KERNEL_RELEASE = Path.of("/proc/sys/kernel/osrelease");
    private static final Pattern PRETTY_NAME = Pattern.compile("(?m)^PRETTY_NAME=\"?([^\"\\n]*)\"?$");
    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");
    private static final int[] IDMAPPED_MOUNTS = {5, 12};

    @Override
    public String name() {
        return "os";
    }

    @Override
    public String category() {
        return "SYSTEM";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        String distribution = probe.readFile(OS_RELEASE).map(PRETTY_NAME::matcher).filter(Matcher::find)
                .map(found -> found.group(1)).orElse("unknown distribution");
        Optional<String> kernel = probe.readFile(KERNEL_RELEASE).map(String::strip);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("distribution", distribution);
        kernel.ifPresent(release -> details.put("kernel", release));
        String summary = distribution + ", kernel " + kernel.orElse("unknown");
        boolean shiftOff = probe.setting("incus.disable_shift").filter("true"::equals).isPresent();
        if (kernel.isPresent() && olderThanIdmappedMounts(kernel.get()) && !shiftOff) {
            return new HealthResult(Status.WARNING, summary + ": idmapped mounts need Linux 5.12 or newer, so files"
                    + " in /workspace would get the wrong owner",
                    "upgrade the kernel, or set incus.disable_shift = true (coi then maps the workspace owner with"
                            + " raw.idmap)", details);
        }
        return new HealthResult(Status.OK, summary, "", details);
    }

    private static boolean olderThanIdmappedMounts(String release) {
        Matcher version = MAJOR_MINOR.matcher(release);
        if (!version.find()) {
            return false;
        }
        int major = Integer.parseInt(version.group(1));
        int minor = Integer.parseInt(version.group(2));
        return major < IDMAPPED_MOUNTS[0] || major == IDMAPPED_MOUNTS[0] && minor < IDMAPPED_MOUNTS[1];
    }
}
