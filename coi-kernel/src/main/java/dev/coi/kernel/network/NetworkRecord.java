package dev.coi.kernel.network;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coi.api.NetworkMode;
import dev.coi.kernel.config.NetworkSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What coi put in place for one container, kept on the host so that the network keeper can refresh and remove it
 * after the coi that started the session has gone. The settings are those of the session's start: the keeper
 * never reads the configuration again, which may differ by workspace.
 *
 * @param container the container
 * @param sessionId the session it was made for; another session in a container of that name is not this one
 * @param mode the mode
 * @param address the container's IPv4 address the rules are scoped to
 * @param blockPrivateNetworks {@code network.block_private_networks} at the start
 * @param blockMetadataEndpoint {@code network.block_metadata_endpoint} at the start
 * @param allowLocalNetworkAccess {@code network.allow_local_network_access} at the start
 * @param allowed {@code network.allowed_domains} at the start
 * @param refreshMinutes how often names are resolved again; 0 = never
 * @param names each name's addresses at the last resolution (the cache)
 * @param resolvedAt when the names were last resolved (ISO-8601)
 * @param backend the network backend that put the rules in place, which alone removes and repairs them; null in a
 *                record written before coi could choose
 * @param ipv6Address the container's IPv6 address the rules are also scoped to; null when the host forwards no IPv6
 *                    for it (and in records written before coi filtered IPv6)
 * @param dns how the container's DNS is followed; null when its allowed names are pinned to addresses instead
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record NetworkRecord(
        String container,
        @JsonProperty("session_id") String sessionId,
        NetworkMode mode,
        String address,
        @JsonProperty("block_private_networks") boolean blockPrivateNetworks,
        @JsonProperty("block_metadata_endpoint") boolean blockMetadataEndpoint,
        @JsonProperty("allow_local_network_access") boolean allowLocalNetworkAccess,
        List<String> allowed,
        @JsonProperty("refresh_minutes") int refreshMinutes,
        Map<String, List<String>> names,
        @JsonProperty("resolved_at") String resolvedAt,
        String backend,
        @JsonProperty("ipv6_address") String ipv6Address,
        DnsRoute dns) {

    NetworkRecord {
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
        names = names == null ? Map.of() : Map.copyOf(names);
    }

    static NetworkRecord of(String container, String sessionId, NetworkMode mode, String address,
            NetworkSettings settings, AllowlistResolution resolution, Instant now, String backend) {
        return new NetworkRecord(container, sessionId, mode, address, settings.blockPrivateNetworks(),
                settings.blockMetadataEndpoint(), settings.allowLocalNetworkAccess(),
                mode == NetworkMode.ALLOWLIST ? settings.allowedDomains() : List.of(), settings.refreshIntervalMinutes(),
                resolution == null ? Map.of() : resolution.names(), now.toString(), backend, null, null);
    }

    /** The same record for a container that also has an IPv6 address. */
    NetworkRecord withIpv6Address(Optional<String> ipv6) {
        return new NetworkRecord(container, sessionId, mode, address, blockPrivateNetworks, blockMetadataEndpoint,
                allowLocalNetworkAccess, allowed, refreshMinutes, names, resolvedAt, backend, ipv6.orElse(null), dns);
    }

    /** The same record for a container whose DNS is followed. */
    NetworkRecord withDns(DnsRoute route) {
        return new NetworkRecord(container, sessionId, mode, address, blockPrivateNetworks, blockMetadataEndpoint,
                allowLocalNetworkAccess, allowed, refreshMinutes, names, resolvedAt, backend, ipv6Address, route);
    }

    Optional<DnsRoute> dnsRoute() {
        return Optional.ofNullable(dns);
    }

    Optional<String> ipv6() {
        return Optional.ofNullable(ipv6Address);
    }

    /** Every address the rules are scoped to: the IPv4 one, then the IPv6 one if any. */
    List<String> addresses() {
        return ipv6Address == null ? List.of(address) : List.of(address, ipv6Address);
    }

    /** The settings the policy is made from again. */
    NetworkSettings settings() {
        return new NetworkSettings(mode, blockPrivateNetworks, blockMetadataEndpoint, allowLocalNetworkAccess, allowed,
                refreshMinutes, false, Path.of(""));
    }

    List<AllowlistEntry> entries() {
        return allowed.stream().map(AllowlistEntry::parse).toList();
    }

    NetworkRecord resolved(AllowlistResolution resolution, Instant now) {
        return new NetworkRecord(container, sessionId, mode, address, blockPrivateNetworks, blockMetadataEndpoint,
                allowLocalNetworkAccess, allowed, refreshMinutes, resolution.names(), now.toString(), backend,
                ipv6Address, dns);
    }

    boolean refreshDue(Instant now) {
        return mode == NetworkMode.ALLOWLIST && dns == null && refreshMinutes > 0 && allowed.stream().anyMatch(entry ->
                AllowlistEntry.parse(entry).isName()) && !now.isBefore(Instant.parse(resolvedAt).plusSeconds(refreshMinutes * 60L));
    }
}
