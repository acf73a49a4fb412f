package dev.coi.api;

/**
 * Where a container's DNS queries go instead of where it sends them: a resolver of coi's on the host that answers
 * only for the allowed names and opens the addresses it hands out through {@link NetworkBackend#admit}.
 *
 * @param address the host's IPv4 address the resolver listens on (the container's gateway)
 * @param port the UDP and TCP port it listens on
 * @since 0.3.0
 */
public record DnsRedirect(String address, int port) {

    /**
     * Checks the components.
     *
     * @param address the IPv4 address
     * @param port the port, 1 to 65535
     */
    public DnsRedirect {
        if (address == null || address.isBlank() || NetworkRule.isIpv6(address)) {
            throw new IllegalArgumentException("a DNS redirect needs an IPv4 address, not " + address);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a DNS redirect's port must be 1 to 65535, not " + port);
        }
    }
}
