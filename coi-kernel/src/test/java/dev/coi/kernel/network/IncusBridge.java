package dev.coi.kernel.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bridge that session containers are attached to: the one of the default profile's {@code eth0} nic (never
 * assumed to be {@code incusbr0}), with the host's address on it, which is the containers' gateway.
 *
 * @param name the bridge's interface name on the host
 * @param gateway the host's IPv4 address on the bridge
 * @param prefixLength the length of the bridge's IPv4 subnet
 */
record IncusBridge(String name, String gateway, int prefixLength) {

    private static final Pattern IPV4_CIDR = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+)/(\\d+)");

    /** Reads the default profile's eth0 nic and the address of the bridge it is on. */
    static IncusBridge ofDefaultProfile() {
        JsonNode nic = query("/1.0/profiles/default").path("devices").path("eth0");
        if (!"nic".equals(nic.path("type").asText())) {
            throw new IllegalStateException("the default Incus profile has no eth0 nic: " + nic
                    + "; set the host up with scripts/setup-host.sh --ci");
        }
        String network = nic.path("network").asText("");
        if (!network.isEmpty()) {
            String address = query("/1.0/networks/" + network).path("config").path("ipv4.address").asText("");
            return parse(network, address);
        }
        String parent = nic.path("parent").asText("");
        if (parent.isEmpty()) {
            throw new IllegalStateException("the default profile's eth0 nic has neither network nor parent: " + nic);
        }
        Matcher found = IPV4_CIDR.matcher(HostCommand.run("ip", "-4", "-o", "addr", "show", "dev", parent));
        return parse(parent, found.find() ? found.group() : "");
    }

    /** The bridge's subnet in CIDR notation, e.g. {@code 10.123.45.0/24}. */
    String subnet() {
        int bits = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        int network = Addresses.toInt(gateway) & bits;
        return Addresses.toText(network) + "/" + prefixLength;
    }

    private static IncusBridge parse(String name, String cidr) {
        Matcher matcher = IPV4_CIDR.matcher(cidr);
        if (!matcher.matches()) {
            throw new IllegalStateException("the bridge " + name + " has no IPv4 address (found '" + cidr
                    + "'): the network tests need one");
        }
        return new IncusBridge(name, matcher.group(1), Integer.parseInt(matcher.group(2)));
    }

    private static JsonNode query(String path) {
        try {
            return new ObjectMapper().readTree(HostCommand.run("incus", "query", path));
        } catch (IOException e) {
            throw new UncheckedIOException("incus query " + path + " did not answer JSON", e);
        }
    }
}
