package dev.coi.kernel.network;

import dev.coi.kernel.CoiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * Chooses the address a new filtered container gets on a managed bridge, so that its rules can be scoped to it
 * without waiting for DHCP. The search starts at a place derived from the container's name, so that two coi
 * starting at the same moment (different slots, different names) look in different places, and a container that
 * is made again under its name gets its old address when that is free.
 */
final class AddressPicker {

    private static final int MIN_HOSTS = 4;

    private AddressPicker() {
    }

    /**
     * @param gatewayCidr the bridge's {@code ipv4.address}, e.g. {@code 10.123.45.1/24}
     * @param used addresses that are taken (leases, other containers' static addresses)
     * @return a free address of the subnet that is neither its network, broadcast nor gateway address
     */
    static String pick(String gatewayCidr, Set<String> used, String container) {
        int slash = gatewayCidr.indexOf('/');
        int prefix = Integer.parseInt(gatewayCidr.substring(slash + 1));
        long gateway = toLong(gatewayCidr.substring(0, slash));
        long size = 1L << (32 - prefix);
        if (size < MIN_HOSTS) {
            throw CoiException.failure("bridge subnet " + gatewayCidr + " has no room for containers");
        }
        long network = gateway & ~(size - 1) & 0xFFFFFFFFL;
        long hosts = size - 2;
        long start = Math.floorMod(seed(container), hosts);
        for (long step = 0; step < hosts; step++) {
            long candidate = network + 1 + (start + step) % hosts;
            String text = toText(candidate);
            if (candidate != gateway && !used.contains(text)) {
                return text;
            }
        }
        throw CoiException.failure("bridge subnet " + gatewayCidr + " has no free address left for " + container
                + "; remove containers you no longer need");
    }

    private static long seed(String container) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(container.getBytes(StandardCharsets.UTF_8));
            return ((digest[0] & 0xFFL) << 24) | ((digest[1] & 0xFFL) << 16) | ((digest[2] & 0xFFL) << 8)
                    | (digest[3] & 0xFFL);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static long toLong(String address) {
        long value = 0;
        for (String part : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    static String toText(long value) {
        return ((value >> 24) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 8) & 0xFF) + "." + (value & 0xFF);
    }
}
