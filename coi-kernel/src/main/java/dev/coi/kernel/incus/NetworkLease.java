package dev.coi.kernel.incus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One address handed out on a managed network ({@code GET /1.0/networks/<name>/leases}).
 *
 * @param hostname the instance name, or e.g. {@code incusbr0.gw} for the gateway; a lease can outlive its
 *                 instance, so a new instance of the same name may find its predecessor's lease here
 * @param hwaddr the MAC address the address is handed to; empty for the gateway
 * @param address the IPv4 or IPv6 address
 * @param type {@code dynamic} (a DHCP lease), {@code static} (the {@code ipv4.address} or {@code ipv6.address}
 *             of an instance's nic, which Incus' DHCP server hands to that MAC, listed once even when leased)
 *             or {@code gateway}
 * @param location the cluster member, or empty or {@code none}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkLease(String hostname, String hwaddr, String address, String type, String location) {

    /**
     * Replaces missing texts with empty ones.
     *
     * @param hostname the host name
     * @param hwaddr the MAC address
     * @param address the address
     * @param type the type
     * @param location the cluster member
     */
    public NetworkLease {
        hostname = hostname == null ? "" : hostname;
        hwaddr = hwaddr == null ? "" : hwaddr;
        address = address == null ? "" : address;
        type = type == null ? "" : type;
        location = location == null ? "" : location;
    }

    /**
     * Whether the address is an IPv4 address.
     *
     * @return true for e.g. {@code 10.123.45.67}
     */
    public boolean isIpv4() {
        return !address.isEmpty() && !address.contains(":");
    }
}
