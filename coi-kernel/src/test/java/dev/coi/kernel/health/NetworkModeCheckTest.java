package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.Availability;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.NetworkBackend;
import dev.coi.api.NetworkMode;
import dev.coi.api.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkModeCheckTest {

    private static final NetworkBackend FILTER = new NetworkBackend() {
        @Override
        public String name() {
            return "filter";
        }

        @Override
        public Set<NetworkMode> supportedModes() {
            return Set.of(NetworkMode.RESTRICTED, NetworkMode.ALLOWLIST);
        }

        @Override
        public Availability availability(HostCommands host) {
            throw new AssertionError("the firewall plugin's own check probes it");
        }

        @Override
        public void enforce(NetworkPolicy policy, HostCommands host) {
            throw new AssertionError();
        }

        @Override
        public void release(String container, HostCommands host) {
            throw new AssertionError();
        }

        @Override
        public Map<String, Set<String>> owners(HostCommands host) {
            throw new AssertionError();
        }
    };

    private static HealthResult check(Optional<NetworkMode> mode, List<NetworkBackend> backends) {
        NoHost host = new NoHost(Map.of());
        return new NetworkModeCheck(mode, backends).run(host, host);
    }

    @Test
    void aFilteredModeNamesThePluginThatEnforcesIt() {
        assertEquals(HealthResult.ok("restricted (enforced by filter)"),
                check(Optional.of(NetworkMode.RESTRICTED), List.of(FILTER)));
    }

    @Test
    void aFilteredModeWithoutAPluginFails() {
        HealthResult result = check(Optional.of(NetworkMode.ALLOWLIST), List.of());

        assertEquals(Status.FAILED, result.status());
        assertEquals("allowlist, but no installed plugin enforces it, so no session can start with it",
                result.message());
        assertTrue(result.fix().contains("network.mode = \"open\""), result.fix());
    }

    @Test
    void openNeedsNoPlugin() {
        assertEquals(Status.OK, check(Optional.of(NetworkMode.OPEN), List.of()).status());
    }

    @Test
    void anInvalidConfigurationIsLeftToTheConfigCheck() {
        assertEquals(HealthResult.warning("not checked: the configuration is invalid", "see the config check"),
                check(Optional.empty(), List.of(FILTER)));
    }
}
