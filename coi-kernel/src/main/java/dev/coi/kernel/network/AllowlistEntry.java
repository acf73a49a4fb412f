package dev.coi.kernel.network;

import dev.coi.kernel.base.CoiException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One entry of {@code network.allowed_domains}: an IPv4 or IPv6 address, an IPv4 or IPv6 network in CIDR notation,
 * a host name, or a wildcard {@code *.domain} for every name below the domain (only where the container's DNS
 * queries are followed, see {@link DnsRoute}).
 *
 * @param text the entry as configured
 * @param cidr the network it stands for, IPv6 ones in canonical form, or null for a name or wildcard
 */
record AllowlistEntry(String text, String cidr) {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern NAME = Pattern.compile("(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})"
            + "(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\\.?");
    private static final int MAX_PREFIX = 32;
    private static final String WILDCARD = "*.";

    /**
     * @throws CoiException naming the entry and what is accepted, for anything else
     */
    static AllowlistEntry parse(String raw) {
        String text = raw.strip();
        if (text.startsWith(WILDCARD)) {
            String domain = text.substring(WILDCARD.length());
            if (!NAME.matcher(domain).matches() || domain.matches("[0-9.]+")) {
                throw invalid(raw, "a wildcard is '*.' and a domain name, such as *.example.com");
            }
            return new AllowlistEntry(text, null);
        }
        if (text.contains(":")) {
            return new AllowlistEntry(text, ipv6(raw, text));
        }
        int slash = text.indexOf('/');
        if (slash >= 0) {
            String address = text.substring(0, slash);
            String prefix = text.substring(slash + 1);
            if (!isIpv4(address) || !prefix.matches("\\d{1,2}") || Integer.parseInt(prefix) > MAX_PREFIX) {
                throw invalid(raw, "not an IPv4 network such as 203.0.113.0/24");
            }
            return new AllowlistEntry(text, text);
        }
        if (isIpv4(text)) {
            return new AllowlistEntry(text, text + "/32");
        }
        if (text.matches("[0-9.]+") || !NAME.matcher(text).matches()) {
            throw invalid(raw, "neither an IPv4 or IPv6 address, a network nor a host name");
        }
        return new AllowlistEntry(text, null);
    }

    /**
     * An IPv6 address or network, as the canonical network it stands for; host bits after the prefix are refused
     * rather than cleared, as they may mean another network than was intended.
     */
    private static String ipv6(String raw, String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        String prefix = slash < 0 ? "128" : text.substring(slash + 1);
        if (address.contains("%")) {
            throw invalid(raw, "an IPv6 address with a zone (%interface) is link-local, never forwarded");
        }
        if (!prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > Ipv6.BITS) {
            throw invalid(raw, "not an IPv6 network such as 2001:db8::/32 (prefix length 0 to 128)");
        }
        byte[] bytes;
        try {
            bytes = Ipv6.parse(address);
        } catch (IllegalArgumentException e) {
            throw invalid(raw, "not an IPv6 address such as 2001:db8::7 or network such as 2001:db8::/32");
        }
        int length = Integer.parseInt(prefix);
        byte[] network = Ipv6.network(bytes, length);
        if (!Arrays.equals(bytes, network)) {
            throw invalid(raw, "has bits set after the prefix length; did you mean " + Ipv6.format(network) + "/"
                    + length + "?");
        }
        return Ipv6.format(network) + "/" + length;
    }

    /** A host name or a wildcard: what DNS answers for, not an address. */
    boolean isName() {
        return cidr == null;
    }

    /** A wildcard, which only a resolver that sees the container's queries can follow: no address is pinned for it. */
    boolean isWildcard() {
        return text.startsWith(WILDCARD);
    }

    static boolean isIpv4(String text) {
        var matcher = IPV4.matcher(text);
        if (!matcher.matches()) {
            return false;
        }
        for (int group = 1; group <= 4; group++) {
            if (Integer.parseInt(matcher.group(group)) > 255) {
                return false;
            }
        }
        return true;
    }

    private static CoiException invalid(String raw, String why) {
        return CoiException.usage("network.allowed_domains entry '" + raw + "': " + why + "; give host names,"
                + " wildcards (*.example.com), IPv4 or IPv6 addresses, or IPv4 or IPv6 networks (CIDR)");
    }
}
