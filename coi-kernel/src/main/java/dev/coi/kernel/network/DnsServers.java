package dev.coi.kernel.network;

import dev.coi.kernel.base.CoiException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The DNS servers coi's resolver asks for allowlist containers, written {@code address:port} ({@code [address]:port}
 * for IPv6): those of {@code network.dns_servers}, else the host's own from its resolv.conf.
 */
final class DnsServers {

    private static final int DNS_PORT = 53;

    private DnsServers() {
    }

    /**
     * @param configured {@code network.dns_servers}
     * @param resolvConf the host's resolver configuration, read when nothing is configured
     * @throws CoiException when no server is known
     */
    static List<String> of(List<String> configured, Path resolvConf) {
        List<String> servers = configured.isEmpty() ? fromResolvConf(resolvConf) : configured;
        if (servers.isEmpty()) {
            throw CoiException.failure("allowlist mode follows the container's DNS through coi's resolver, which needs a"
                    + " DNS server to ask, and " + resolvConf + " names none: set one in ~/.config/coi/config.toml,"
                    + " e.g. [network] dns_servers = [\"192.0.2.53\"]");
        }
        return servers.stream().map(DnsServers::withPort).toList();
    }

    /** A server as {@code address:port}, from an address with or without a port. */
    static String withPort(String server) {
        String text = server.strip();
        if (text.startsWith("[") || text.chars().filter(c -> c == ':').count() <= 1 && text.contains(":")) {
            return text;
        }
        return (text.contains(":") ? "[" + text + "]" : text) + ":" + DNS_PORT;
    }

    /** The socket address of a server written by {@link #withPort}. */
    static InetSocketAddress socketAddress(String server) {
        int colon = server.lastIndexOf(':');
        String host = server.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, Integer.parseInt(server.substring(colon + 1)));
    }

    private static List<String> fromResolvConf(Path resolvConf) {
        try {
            return Files.readAllLines(resolvConf).stream()
                    .map(String::strip)
                    .filter(line -> line.startsWith("nameserver"))
                    .map(line -> line.substring("nameserver".length()).strip())
                    // a link-local server with a zone is only reachable on that interface: not one to forward to
                    .filter(address -> !address.isEmpty() && !address.contains("%"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
