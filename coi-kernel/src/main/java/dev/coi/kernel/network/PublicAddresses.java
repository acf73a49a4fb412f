package dev.coi.kernel.network;

import dev.coi.kernel.network.dns.AddressGuard;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The addresses coi's resolver may open for a container: public ones only. An allowed name that answers a private,
 * shared (100.64/10), loopback, link-local, multicast or metadata address, also written as IPv6 (mapped, NAT64,
 * unique local), opens nothing: DNS rebinding cannot carry the container into the host's networks.
 */
final class PublicAddresses implements AddressGuard {

    private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    @Override
    public boolean admits(InetAddress address) {
        if (address instanceof Inet6Address ipv6) {
            return admitsIpv6(ipv6.getAddress());
        }
        return admitsIpv4(address.getAddress());
    }

    private static boolean admitsIpv4(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        boolean shared = first == 100 && (second & 0xc0) == 64;
        boolean reserved = first == 0 || first >= 224;
        try {
            InetAddress address = Inet4Address.getByAddress(bytes);
            return !(address.isSiteLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                    || shared || reserved);
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean admitsIpv6(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        if (first == 0xff || (first & 0xfe) == 0xfc || first == 0xfe && (second & 0xc0) == 0x80) {
            // multicast, unique local (which holds AWS's fd00:ec2::254), link-local
            return false;
        }
        if (startsWith(bytes, NAT64_PREFIX) || isMappedOrCompatible(bytes)) {
            return admitsIpv4(java.util.Arrays.copyOfRange(bytes, 12, 16));
        }
        return true;
    }

    /** {@code ::ffff:a.b.c.d} and the old {@code ::a.b.c.d}, which holds {@code ::} and {@code ::1}. */
    private static boolean isMappedOrCompatible(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == bytes[11] && (bytes[10] == 0 || bytes[10] == (byte) 0xff);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
