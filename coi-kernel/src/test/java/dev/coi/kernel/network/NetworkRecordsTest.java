package dev.coi.kernel.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coi.api.NetworkMode;
import dev.coi.kernel.config.NetworkSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkRecordsTest {

    private static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");

    @TempDir
    Path folder;

    @Test
    void aRecordIsReadBackAsWrittenAndDeleted() {
        NetworkRecords records = new NetworkRecords(folder);
        NetworkRecord record = allowlist(List.of("api.example.test", "203.0.113.9"), 30);

        records.save(record);

        assertEquals(List.of("coi-abc-1"), records.containers());
        assertEquals(Optional.of(record), records.find("coi-abc-1"));
        records.delete("coi-abc-1");
        assertEquals(List.of(), records.containers());
        assertEquals(Optional.empty(), records.find("coi-abc-1"));
    }

    @Test
    void namesAreResolvedAgainWhenTheirIntervalIsOver() {
        NetworkRecord record = allowlist(List.of("api.example.test"), 30);

        assertFalse(record.refreshDue(NOW.plusSeconds(29 * 60)));
        assertTrue(record.refreshDue(NOW.plusSeconds(30 * 60)));
        assertFalse(allowlist(List.of("api.example.test"), 0).refreshDue(NOW.plusSeconds(3600)), "0 = never");
        assertFalse(allowlist(List.of("203.0.113.9"), 30).refreshDue(NOW.plusSeconds(3600)), "nothing to resolve");
    }

    @Test
    void theRecordKeepsTheSettingsOfTheSessionStart() {
        NetworkRecord record = NetworkRecord.of("coi-abc-1", "s1", NetworkMode.RESTRICTED, "10.1.2.3",
                NetworkPoliciesTest.settings(true, false, true), null, NOW, "fake");

        NetworkSettings settings = record.settings();
        assertEquals(List.of(true, false, true), List.of(settings.blockPrivateNetworks(),
                settings.blockMetadataEndpoint(), settings.allowLocalNetworkAccess()));
    }

    @Test
    void theIpv6AddressIsKeptThroughARefreshAndARecordWrittenBeforeCoiFilteredIpv6HasNone() throws Exception {
        NetworkRecords records = new NetworkRecords(folder);
        NetworkRecord record = allowlist(List.of("api.example.test"), 30)
                .withIpv6Address(Optional.of("fd42::c0:1aff:fe01:203"));

        records.save(record);
        NetworkRecord refreshed = records.find("coi-abc-1").orElseThrow().resolved(new AllowlistResolution(
                new TreeSet<>(List.of("2001:db8::7/128")), Map.of("api.example.test", List.of("2001:db8::7")),
                List.of()), NOW);

        assertEquals(List.of("10.1.2.3", "fd42::c0:1aff:fe01:203"), refreshed.addresses());
        assertEquals(new TreeSet<>(List.of("2001:db8::7/128")), NetworkDuty.allowed(refreshed));

        String old = java.nio.file.Files.readString(folder.resolve("coi-abc-1.json"))
                .replace("\"ipv6_address\" : \"fd42::c0:1aff:fe01:203\"", "\"ignored\" : null");
        java.nio.file.Files.writeString(folder.resolve("coi-abc-1.json"), old);
        NetworkRecord before = records.find("coi-abc-1").orElseThrow();
        assertEquals(Optional.empty(), before.ipv6());
        assertEquals(List.of("10.1.2.3"), before.addresses());
    }

    private static NetworkRecord allowlist(List<String> allowed, int refreshMinutes) {
        NetworkSettings settings = new NetworkSettings(NetworkMode.ALLOWLIST, true, true, false, allowed,
                refreshMinutes, false, Path.of(""));
        AllowlistResolution resolution = new AllowlistResolution(new TreeSet<>(List.of("203.0.113.7/32")),
                Map.of("api.example.test", List.of("203.0.113.7")), List.of());
        return NetworkRecord.of("coi-abc-1", "s1", NetworkMode.ALLOWLIST, "10.1.2.3", settings, resolution, NOW, "fake");
    }
}
