package dev.coi.kernel.network;

import dev.coi.kernel.config.NetworkSettings;
import java.nio.file.Path;

/** The DNS routes of one {@code ~/.coi}: its resolver's port, and where the host's DNS servers are configured. */
final class DnsFollowing {

    private final int port;
    private final Path resolvConf;

    DnsFollowing(int port, Path resolvConf) {
        this.port = port;
        this.resolvConf = resolvConf;
    }

    static DnsFollowing of(Path coiHome) {
        return new DnsFollowing(DnsRoute.portOf(coiHome), Path.of("/etc/resolv.conf"));
    }

    /**
     * @param gateway the host's address on the container's bridge, where the resolver listens
     * @throws dev.coi.kernel.base.CoiException when no upstream DNS server is known
     */
    DnsRoute route(String gateway, NetworkSettings settings) {
        return new DnsRoute(gateway, port, DnsServers.of(settings.dnsServers(), resolvConf));
    }
}
