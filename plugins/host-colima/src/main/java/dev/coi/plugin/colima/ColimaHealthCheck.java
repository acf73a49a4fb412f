package dev.coi.plugin.colima;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code colima} check of {@code coi health}: what VM was recognised, that UID shifting is off, and which network
 * modes work in it right now. A plain Linux host passes with nothing to report.
 */
final class ColimaHealthCheck implements HealthCheck {

    private static final String ALL_MODES = "open, restricted, allowlist";

    private final VmDetector detector = new VmDetector();

    @Override
    public String name() {
        return "colima";
    }

    @Override
    public String category() {
        return "SYSTEM";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        Optional<DetectedVm> detected = detector.detect(probe);
        if (detected.isEmpty()) {
            String why = probe.setting(VmDetector.SETTING).filter(VmDetector.LINUX::equals).isPresent()
                    ? " (" + VmDetector.SETTING + " = " + VmDetector.LINUX + ")" : "";
            return new HealthResult(HealthResult.Status.OK, "not a Colima or Lima VM" + why, "",
                    Map.of("environment", "linux"));
        }
        DetectedVm vm = detected.get();
        FirewalldInVm firewalld = FirewalldInVm.probe(host);
        String modes = firewalld.running() ? ALL_MODES : "open";
        Map<String, String> details = new LinkedHashMap<>();
        details.put("environment", vm.kind().settingValue());
        details.put("evidence", String.join(", ", vm.evidence()));
        details.put("uid_shifting", "false");
        details.put("network_modes", modes);
        details.put("firewalld", firewalld.state());
        String message = vm.description() + ": UID shifting off; network modes that work: " + modes
                + (firewalld.running() ? "" : " (" + firewalld.state() + ")");
        String configuredMode = probe.setting("network.mode").orElse("restricted");
        if (firewalld.running() || configuredMode.equals("open")) {
            return new HealthResult(HealthResult.Status.OK, message, "", details);
        }
        return new HealthResult(HealthResult.Status.WARNING, message + "; network.mode is " + configuredMode,
                FirewalldInVm.howToEnable(vm) + "; or use --network=open (network.mode = \"open\")", details);
    }
}
