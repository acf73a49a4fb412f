package dev.coi.kernel.config;

import dev.coi.api.NetworkMode;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code [network]} settings.
 *
 * @param mode                    restricted, open or allowlist
 * @param blockPrivateNetworks    restricted mode rejects private (RFC 1918) and carrier-grade NAT (100.64.0.0/10) addresses
 * @param blockMetadataEndpoint   restricted mode rejects the cloud metadata address
 * @param allowLocalNetworkAccess allow all private addresses, not only the host
 * @param allowedDomains          what allowlist mode lets through: domain names and IPv4 addresses
 * @param refreshIntervalMinutes  how often allowlist mode resolves the domains again; 0 = never
 * @param loggingEnabled          log network policy changes
 * @param logFile                 where they are logged
 * @param dnsServers              the servers coi's resolver asks for an allowlist container, as {@code address} or
 *                                {@code address:port} ({@code [address]:port} for IPv6); empty: the host's own
 */
public record NetworkSettings(NetworkMode mode, boolean blockPrivateNetworks, boolean blockMetadataEndpoint,
        boolean allowLocalNetworkAccess, List<String> allowedDomains, int refreshIntervalMinutes,
        boolean loggingEnabled, Path logFile, List<String> dnsServers) {

    public NetworkSettings {
        allowedDomains = List.copyOf(allowedDomains);
        dnsServers = List.copyOf(dnsServers);
    }

    /** Settings that leave the resolver's upstream servers to the host. */
    public NetworkSettings(NetworkMode mode, boolean blockPrivateNetworks, boolean blockMetadataEndpoint,
            boolean allowLocalNetworkAccess, List<String> allowedDomains, int refreshIntervalMinutes,
            boolean loggingEnabled, Path logFile) {
        this(mode, blockPrivateNetworks, blockMetadataEndpoint, allowLocalNetworkAccess, allowedDomains,
                refreshIntervalMinutes, loggingEnabled, logFile, List.of());
    }
}
