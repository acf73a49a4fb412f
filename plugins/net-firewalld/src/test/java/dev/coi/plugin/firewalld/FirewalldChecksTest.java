package dev.coi.plugin.firewalld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.CommandResult;
import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code firewall} and {@code bridge_firewalld_zone} checks over scripted firewall-cmd answers. */
class FirewalldChecksTest {

    private static final CommandResult RUNNING = new CommandResult(0, "running\n", "");
    private static final CommandResult NOT_RUNNING = new CommandResult(252, "", "not running\n");

    private final List<String> calls = new ArrayList<>();

    private HostCommands host(Map<String, CommandResult> byCommand) {
        return (argv, timeout) -> {
            String line = String.join(" ", argv);
            calls.add(line);
            return byCommand.getOrDefault(line, new CommandResult(1, "", "unexpected " + line));
        };
    }

    private static HostProbe probe(Map<String, String> settings, Optional<String> bridge) {
        return new HostProbe() {
            @Override
            public Optional<String> readFile(Path file) {
                return Optional.empty();
            }

            @Override
            public Optional<String> environment(String name) {
                return Optional.empty();
            }

            @Override
            public Optional<String> setting(String key) {
                return Optional.ofNullable(settings.get(key));
            }

            @Override
            public Optional<String> containerBridge() {
                return bridge;
            }
        };
    }

    private static HealthCheck check(String name) {
        return new FirewalldChecks(new FirewallState()).healthChecks().stream()
                .filter(check -> check.name().equals(name)).findFirst().orElseThrow();
    }

    private HealthResult firewall(Map<String, String> settings, CommandResult state) {
        return check("firewall").run(host(Map.of("firewall-cmd --state", state)), probe(settings, Optional.empty()));
    }

    private HealthResult zone(Map<String, CommandResult> answers) {
        return check("bridge_firewalld_zone").run(host(answers), probe(Map.of(), Optional.of("incusbr0")));
    }

    @Test
    void aRunningFirewalldPasses() {
        assertEquals(HealthResult.ok("firewalld running"), firewall(Map.of(), RUNNING));
    }

    @Test
    void noFirewalldFailsInTheDefaultRestrictedModeWhenItIsTheChosenBackend() {
        HealthResult result = firewall(Map.of("network.backend", "firewalld"), NOT_RUNNING);

        assertEquals(Status.FAILED, result.status());
        assertEquals("firewalld is installed but not running, but network.backend is firewalld and network.mode is"
                + " restricted, which needs it: no session can start", result.message());
        assertTrue(result.fix().startsWith("start it: sudo systemctl enable --now firewalld"), result.fix());
        assertTrue(result.fix().endsWith("or set network.mode = \"open\" (no network isolation)"), result.fix());
        assertEquals(Status.FAILED, firewall(Map.of("network.mode", "ALLOWLIST", "network.backend", "firewalld"),
                NOT_RUNNING).status());
    }

    @Test
    void noFirewalldOnlyWarnsWhenAutoMayPickAnotherBackend() {
        HealthResult result = firewall(Map.of(), NOT_RUNNING);

        assertEquals(Status.WARNING, result.status());
        assertEquals("firewalld is installed but not running (network.backend is auto: another backend enforces"
                + " network.mode restricted where one works; see network_mode)", result.message());
    }

    @Test
    void noFirewalldOnlyWarnsInOpenMode() {
        HealthResult result = firewall(Map.of("network.mode", "OPEN"), new CommandResult(127, "", "not found"));

        assertEquals(Status.WARNING, result.status());
        assertEquals("firewalld is not installed (network.mode is open; --network=restricted and allowlist need it)",
                result.message());
        assertTrue(result.fix().startsWith("install it"), result.fix());
    }

    @Test
    void aBridgeInTheTrustedZonePasses() {
        HealthResult result = zone(Map.of("firewall-cmd --state", RUNNING,
                "firewall-cmd --get-zone-of-interface=incusbr0", new CommandResult(0, "trusted\n", "")));

        assertEquals(Status.OK, result.status());
        assertEquals("incusbr0 is in zone trusted", result.message());
    }

    @Test
    void aBridgeInNoZoneGetsTheDefaultZoneAndWarnsWithTheCommandsThatFixIt() {
        HealthResult result = zone(Map.of("firewall-cmd --state", RUNNING,
                "firewall-cmd --get-zone-of-interface=incusbr0", new CommandResult(2, "", "no zone\n"),
                "firewall-cmd --get-default-zone", new CommandResult(0, "public\n", "")));

        assertEquals(Status.WARNING, result.status());
        assertEquals("incusbr0 is in no zone, so in the default zone public: firewalld may drop what containers send"
                + " to the host (DHCP, DNS), so they may get no address", result.message());
        assertEquals("sudo firewall-cmd --zone=trusted --change-interface=incusbr0, and to keep it after a restart:"
                + " sudo firewall-cmd --permanent --zone=trusted --change-interface=incusbr0", result.fix());
    }

    @Test
    void theZoneIsReadThroughSudoWhenThatIsHowCoiDrivesFirewalld() {
        HealthResult result = zone(Map.of("firewall-cmd --state", new CommandResult(11, "", "Authorization failed."),
                "sudo -n firewall-cmd --state", RUNNING,
                "sudo -n firewall-cmd --get-zone-of-interface=incusbr0", new CommandResult(0, "public\n", "")));

        assertEquals(Status.WARNING, result.status());
        assertEquals("public", result.details().get("zone"));
    }

    @Test
    void withoutFirewalldNoZoneApplies() {
        HealthResult result = zone(Map.of("firewall-cmd --state", NOT_RUNNING));

        assertEquals(Status.OK, result.status());
        assertEquals(List.of("firewall-cmd --state"), calls);
    }

    @Test
    void bothChecksOfOneReportShareOneProbe() {
        List<HealthCheck> checks = new FirewalldChecks(new FirewallState()).healthChecks();
        HostCommands host = host(Map.of("firewall-cmd --state", RUNNING,
                "firewall-cmd --get-zone-of-interface=incusbr0", new CommandResult(0, "trusted\n", "")));

        checks.forEach(check -> check.run(host, probe(Map.of(), Optional.of("incusbr0"))));

        assertEquals(List.of("firewall-cmd --state", "firewall-cmd --get-zone-of-interface=incusbr0"), calls);
    }
}
