package dev.coi.kernel.sessions.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.kernel.incus.Instance;
import dev.coi.kernel.incus.InstanceState;
import dev.coi.kernel.incus.InstanceState.Address;
import dev.coi.kernel.incus.InstanceState.NetworkInterface;
import dev.coi.kernel.sessions.SessionContainer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@code coi list} shows of a container comes from the container: labels, config and state. */
class ContainerSummaryTest {

    private static final Instant CREATED = Instant.parse("2026-01-31T10:00:00Z");

    private static ContainerSummary summary(Map<String, String> config, InstanceState state) {
        return ContainerSummary.of(SessionContainer.of(new Instance("coi-9dad1e4e-1", "container",
                state == null ? "Stopped" : "Running", false, config, Map.of(), Map.of(), Map.of(), List.of(),
                CREATED, state)));
    }

    private static InstanceState network(Map<String, NetworkInterface> interfaces) {
        return new InstanceState("Running", 103, 1, 3, CREATED, interfaces);
    }

    @Test
    void labelsSayModeWorkspaceAndImage() {
        ContainerSummary summary = summary(Map.of("user.coi.session", "s1", "user.coi.persistent", "false",
                "user.coi.workspace", "/home/me/project", "user.coi.image", "coi-rust",
                "image.description", "coi image"), null);

        assertFalse(summary.persistent());
        assertEquals(Optional.of(Path.of("/home/me/project")), summary.workspace());
        assertEquals(Optional.of("coi-rust"), summary.image());
        assertEquals("Stopped", summary.status());
        assertEquals(Optional.empty(), summary.ipv4());
        assertEquals(Optional.of(CREATED), summary.createdAt());
    }

    @Test
    void withoutLabelsTheContainerIsPersistentAndTheImageIsItsDescription() {
        ContainerSummary summary = summary(Map.of("image.description", "coi image"), null);

        assertTrue(summary.persistent());
        assertEquals(Optional.empty(), summary.workspace());
        assertEquals(Optional.of("coi image"), summary.image());
    }

    @Test
    void theAddressIsTheGlobalIpv4OfEth0() {
        NetworkInterface eth0 = new NetworkInterface(List.of(
                new Address("inet6", "fd42::1", "64", "global"),
                new Address("inet", "169.254.3.4", "16", "link"),
                new Address("inet", "10.47.62.50", "24", "global")), "up", "veth1", "00:16:3e:00:00:01");
        NetworkInterface lo = new NetworkInterface(List.of(new Address("inet", "127.0.0.1", "8", "local")), "up",
                "", "");
        NetworkInterface docker0 = new NetworkInterface(List.of(new Address("inet", "172.17.0.1", "16", "global")),
                "up", "", "");

        assertEquals(Optional.of("10.47.62.50"), summary(Map.of(), network(Map.of("lo", lo, "eth0", eth0,
                "docker0", docker0))).ipv4());
        assertEquals(Optional.empty(), summary(Map.of(), network(Map.of("lo", lo, "docker0", docker0))).ipv4());
    }
}
