package dev.coi.kernel.network;

import java.util.regex.Pattern;

/**
 * IPv6 addresses as text: read strictly (a hostile or mistyped entry must never be taken for something else), and
 * written in the one canonical form of RFC 5952, so that the same address is always the same text in rules,
 * records and comparisons.
 */
final class Ipv6 {

    static final int BITS = 128;
    private static final Pattern GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private Ipv6() {
    }

    /**
     * @param text an IPv6 address without prefix length or zone, e.g. {@code fd42::1} or {@code ::ffff:10.0.0.1}
     * @return its 16 bytes
     * @throws IllegalArgumentException when it is not one
     */
    static byte[] parse(String text) {
        if (text.isEmpty() || text.contains(":::") || text.indexOf("::") != text.lastIndexOf("::")) {
            throw notAnAddress(text);
        }
        int[] groups = new int[8];
        int gap = text.indexOf("::");
        String head = gap < 0 ? text : text.substring(0, gap);
        String tail = gap < 0 ? "" : text.substring(gap + 2);
        int[] front = groups(head, text, gap < 0);
        int[] back = groups(tail, text, true);
        int count = front.length + back.length;
        if (gap < 0 ? count != 8 : count > 7) {
            throw notAnAddress(text);
        }
        System.arraycopy(front, 0, groups, 0, front.length);
        System.arraycopy(back, 0, groups, 8 - back.length, back.length);
        byte[] bytes = new byte[16];
        for (int group = 0; group < 8; group++) {
            bytes[2 * group] = (byte) (groups[group] >> 8);
            bytes[2 * group + 1] = (byte) groups[group];
        }
        return bytes;
    }

    /** The 16-bit groups of one side of {@code ::}; an IPv4 address may end the last side and counts as two. */
    private static int[] groups(String side, String whole, boolean mayEndInIpv4) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        String last = parts[parts.length - 1];
        boolean ipv4 = mayEndInIpv4 && last.contains(".");
        int[] groups = new int[parts.length + (ipv4 ? 1 : 0)];
        for (int index = 0; index < parts.length - (ipv4 ? 1 : 0); index++) {
            if (!GROUP.matcher(parts[index]).matches()) {
                throw notAnAddress(whole);
            }
            groups[index] = Integer.parseInt(parts[index], 16);
        }
        if (ipv4) {
            if (!AllowlistEntry.isIpv4(last)) {
                throw notAnAddress(whole);
            }
            long value = AddressPicker.toLong(last);
            groups[parts.length - 1] = (int) (value >> 16);
            groups[parts.length] = (int) (value & 0xFFFF);
        }
        return groups;
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups (the first) as {@code ::}. */
    static String format(byte[] bytes) {
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

    /** The canonical text of an address given in any valid notation. */
    static String canonical(String text) {
        return format(parse(text));
    }

    /**
     * @param prefix the prefix length, 0 to 128
     * @return the address with every bit after the prefix cleared
     */
    static byte[] network(byte[] address, int prefix) {
        byte[] network = address.clone();
        for (int bit = prefix; bit < BITS; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >> (bit % 8));
        }
        return network;
    }

    /**
     * The address a card of this hardware address gives itself by stateless autoconfiguration (SLAAC) in a
     * network: the network's first 64 bits, then the modified EUI-64 interface identifier (RFC 4291, appendix A):
     * the hardware address split in halves around {@code ff:fe}, its universal/local bit inverted.
     *
     * @param network the network's address, e.g. from {@code fd42:1:2:3::1/64}
     * @param hardwareAddress six bytes as {@code 02:c0:1a:0a:00:05}
     */
    static byte[] slaac(byte[] network, String hardwareAddress) {
        String[] octets = hardwareAddress.split(":");
        if (octets.length != 6) {
            throw new IllegalArgumentException("not a hardware address: " + hardwareAddress);
        }
        byte[] mac = new byte[6];
        for (int index = 0; index < 6; index++) {
            if (!octets[index].matches("[0-9A-Fa-f]{2}")) {
                throw new IllegalArgumentException("not a hardware address: " + hardwareAddress);
            }
            mac[index] = (byte) Integer.parseInt(octets[index], 16);
        }
        byte[] address = network(network, 64);
        address[8] = (byte) (mac[0] ^ 0x02);
        address[9] = mac[1];
        address[10] = mac[2];
        address[11] = (byte) 0xFF;
        address[12] = (byte) 0xFE;
        address[13] = mac[3];
        address[14] = mac[4];
        address[15] = mac[5];
        return address;
    }

    private static IllegalArgumentException notAnAddress(String text) {
        return new IllegalArgumentException("not an IPv6 address: '" + text + "'");
    }
}
