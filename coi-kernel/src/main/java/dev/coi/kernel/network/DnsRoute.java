package dev.coi.kernel.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coi.api.DnsRedirect;
import java.util.List;

/**
 * How an allowlist container's DNS is followed: its queries go to coi's resolver, which the network keeper runs on
 * the host's address on the container's bridge, and which asks the upstream servers.
 *
 * @param listen the host's IPv4 address on the bridge (the container's gateway)
 * @param port the resolver's UDP and TCP port, the same for every container of one {@code ~/.coi}
 * @param upstreams the servers the resolver asks, as {@code address:port} ({@code [address]:port} for IPv6)
 */
record DnsRoute(String listen, int port, @JsonProperty("upstreams") List<String> upstreams) {

    /** Ports above the usual ephemeral range's start and below it; each {@code ~/.coi} gets one of them. */
    private static final int FIRST_PORT = 20000;
    private static final int PORTS = 12000;

    DnsRoute {
        upstreams = List.copyOf(upstreams);
    }

    /**
     * The port of a {@code ~/.coi}: every keeper (one per {@code ~/.coi}, so several for one user in tests) serves on
     * its own, and the same one each time, so that rules recorded long ago still point at it.
     */
    static int portOf(java.nio.file.Path coiHome) {
        return FIRST_PORT + Math.floorMod(coiHome.toAbsolutePath().normalize().toString().hashCode(), PORTS);
    }

    DnsRedirect redirect() {
        return new DnsRedirect(listen, port);
    }
}
