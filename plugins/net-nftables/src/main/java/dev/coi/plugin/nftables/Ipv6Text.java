package dev.coi.plugin.nftables;

import java.util.regex.Pattern;

/**
 * IPv6 addresses and networks as they go into a transaction: read strictly, as nothing but hex groups and colons
 * (and a dotted IPv4 tail) may reach nft's text, written compressed (RFC 5952, as nft lists them) and, for a network,
 * without host bits, which nft refuses in an interval set.
 */
final class Ipv6Text {

    private static final Pattern GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final int BITS = 128;

    private Ipv6Text() {
    }

    /**
     * @param text an IPv6 address, without prefix length
     * @return its canonical text
     * @throws IllegalArgumentException when it is none
     */
    static String address(String text) {
        return format(parse(text));
    }

    /**
     * @param text an IPv6 network in CIDR notation, or an address (a network of one)
     * @return the network's canonical text with prefix length, host bits cleared
     * @throws IllegalArgumentException when it is none
     */
    static String network(String text) {
        int slash = text.indexOf('/');
        String prefixText = slash < 0 ? "128" : text.substring(slash + 1);
        if (!prefixText.matches("\\d{1,3}") || Integer.parseInt(prefixText) > BITS) {
            throw new IllegalArgumentException("not an IPv6 network: " + text);
        }
        int prefix = Integer.parseInt(prefixText);
        byte[] bytes = parse(slash < 0 ? text : text.substring(0, slash));
        for (int bit = prefix; bit < BITS; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        return format(bytes) + "/" + prefix;
    }

    private static byte[] parse(String text) {
        int gap = text.indexOf("::");
        if (text.isEmpty() || text.contains(":::") || gap != text.lastIndexOf("::")) {
            throw notAnAddress(text);
        }
        int[] front = groups(gap < 0 ? text : text.substring(0, gap), text, gap < 0);
        int[] back = gap < 0 ? new int[0] : groups(text.substring(gap + 2), text, true);
        int count = front.length + back.length;
        if (gap < 0 ? count != 8 : count > 7) {
            throw notAnAddress(text);
        }
        int[] groups = new int[8];
        System.arraycopy(front, 0, groups, 0, front.length);
        System.arraycopy(back, 0, groups, 8 - back.length, back.length);
        byte[] bytes = new byte[16];
        for (int group = 0; group < 8; group++) {
            bytes[2 * group] = (byte) (groups[group] >> 8);
            bytes[2 * group + 1] = (byte) groups[group];
        }
        return bytes;
    }

    private static int[] groups(String side, String whole, boolean mayEndInIpv4) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        var ipv4 = IPV4.matcher(parts[parts.length - 1]);
        boolean tail = mayEndInIpv4 && ipv4.matches();
        int[] groups = new int[parts.length + (tail ? 1 : 0)];
        for (int index = 0; index < parts.length - (tail ? 1 : 0); index++) {
            if (!GROUP.matcher(parts[index]).matches()) {
                throw notAnAddress(whole);
            }
            groups[index] = Integer.parseInt(parts[index], 16);
        }
        if (tail) {
            int[] octets = new int[4];
            for (int octet = 0; octet < 4; octet++) {
                octets[octet] = Integer.parseInt(ipv4.group(octet + 1));
                if (octets[octet] > 255) {
                    throw notAnAddress(whole);
                }
            }
            groups[parts.length - 1] = octets[0] << 8 | octets[1];
            groups[parts.length] = octets[2] << 8 | octets[3];
        }
        return groups;
    }

    private static String format(byte[] bytes) {
        int[] groups = new int[8];
        for (int group = 0; group < 8; group++) {
            groups[group] = (bytes[2 * group] & 0xFF) << 8 | bytes[2 * group + 1] & 0xFF;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int start = 0; start < 8; start++) {
            int length = 0;
            while (start + length < 8 && groups[start + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = start;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int group = 0; group < 8; group++) {
            if (group == bestStart) {
                text.append("::");
                group += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[group]));
        }
        return text.toString();
    }

    private static IllegalArgumentException notAnAddress(String text) {
        return new IllegalArgumentException("not an IPv6 address: " + text);
    }
}
