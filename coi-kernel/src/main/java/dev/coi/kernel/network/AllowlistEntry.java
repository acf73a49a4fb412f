package dev.coi.kernel.network;

import dev.coi.kernel.base.CoiException;
import java.util.regex.Pattern;

/**
 * One entry of {@code network.allowed_domains}: an IPv4 address, an IPv4 network in CIDR notation, or a host name
 * that is resolved on the host.
 *
 * @param text the entry as configured
 * @param cidr the network it stands for, or null for a name
 */
record AllowlistEntry(String text, String cidr) {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern NAME = Pattern.compile("(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})"
            + "(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\\.?");
    private static final int MAX_PREFIX = 32;

    /**
     * @throws CoiException naming the entry and what is accepted, for anything else
     */
    static AllowlistEntry parse(String raw) {
        String text = raw.strip();
        if (text.contains(":")) {
            throw invalid(raw, "IPv6 is not supported (coi filters IPv4)");
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
            throw invalid(raw, "neither an IPv4 address, an IPv4 network nor a host name");
        }
        return new AllowlistEntry(text, null);
    }

    boolean isName() {
        return cidr == null;
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
        return CoiException.usage("network.allowed_domains entry '" + raw + "': " + why + "; give host names, IPv4"
                + " addresses or IPv4 networks (CIDR)");
    }
}
