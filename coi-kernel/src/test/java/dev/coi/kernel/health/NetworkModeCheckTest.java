package dev.coi.kernel.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.NetworkMode;
import dev.coi.kernel.base.CoiException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class NetworkModeCheckTest {

    private static final Function<NetworkMode, String> NFTABLES = mode -> "nftables";
    private static final Function<NetworkMode, String> NONE = mode -> {
        throw CoiException.failure("network isolation in " + mode.configName() + " mode cannot be put in place:\n"
                + "  firewalld: not running\n  fix: start it");
    };

    private static HealthResult check(Optional<NetworkMode> mode, String preference,
            Function<NetworkMode, String> backendFor) {
        NoHost host = new NoHost(Map.of());
        return new NetworkModeCheck(mode, preference, backendFor).run(host, host);
    }

    @Test
    void aFilteredModeNamesTheBackendAutoPickedAndSaysWhy() {
        assertEquals(HealthResult.ok("restricted (enforced by nftables, the fastest backend that works here;"
                + " network.backend = auto)"), check(Optional.of(NetworkMode.RESTRICTED), "auto", NFTABLES));
    }

    @Test
    void aBackendTheUserNamedIsSaidToBeTheirChoice() {
        assertEquals(HealthResult.ok("allowlist (enforced by nftables, as network.backend says)"),
                check(Optional.of(NetworkMode.ALLOWLIST), "nftables", NFTABLES));
    }

    @Test
    void aFilteredModeNoBackendCanEnforceFailsWithTheBackendsReasons() {
        HealthResult result = check(Optional.of(NetworkMode.ALLOWLIST), "auto", NONE);

        assertEquals(Status.FAILED, result.status());
        assertTrue(result.message().startsWith("allowlist, but no session can start with it: network isolation in"
                + " allowlist mode cannot be put in place"), result.message());
        assertTrue(result.message().contains("firewalld: not running"), result.message());
        assertTrue(result.fix().contains("network.mode = \"open\""), result.fix());
        assertTrue(result.fix().contains("network.backend"), result.fix());
    }

    @Test
    void openNeedsNoBackend() {
        assertEquals(Status.OK, check(Optional.of(NetworkMode.OPEN), "auto", NONE).status());
    }

    @Test
    void anInvalidConfigurationIsLeftToTheConfigCheck() {
        assertEquals(HealthResult.warning("not checked: the configuration is invalid", "see the config check"),
                check(Optional.empty(), "auto", NONE));
    }
}
