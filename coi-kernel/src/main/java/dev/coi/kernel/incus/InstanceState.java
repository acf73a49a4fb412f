package dev.coi.kernel.incus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run-time state of an instance.
 *
 * @param status e.g. {@code "Running"} or {@code "Stopped"}
 * @param statusCode 103 running, 102 stopped, ...
 * @param pid the host pid of its init process, 0 when stopped
 * @param processes how many processes run in it, -1 when unknown
 * @param startedAt when it was started, or null
 * @param network its network interfaces by name, e.g. {@code eth0}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceState(
        String status,
        @JsonProperty("status_code") int statusCode,
        long pid,
        long processes,
        @JsonProperty("started_at") Instant startedAt,
        Map<String, NetworkInterface> network) {

    /**
     * Replaces a missing network map with an empty one.
     *
     * @param status the status
     * @param statusCode the status code
     * @param pid the pid
     * @param processes the process count
     * @param startedAt the start time
     * @param network the interfaces
     */
    public InstanceState {
        network = network == null ? Map.of() : Map.copyOf(network);
    }

    /**
     * The first global IPv4 address of an interface: the one coi shows and filters by.
     *
     * @param interfaceName its name inside the instance, e.g. {@code eth0}
     * @return the address, or empty when the interface is not there or has none yet
     */
    public Optional<String> globalIpv4(String interfaceName) {
        NetworkInterface card = network.get(interfaceName);
        if (card == null) {
            return Optional.empty();
        }
        return card.addresses().stream()
                .filter(address -> "inet".equals(address.family()) && "global".equals(address.scope()))
                .map(Address::address)
                .findFirst();
    }

    /**
     * One network interface of an instance.
     *
     * @param addresses its addresses
     * @param state {@code "up"} or {@code "down"}
     * @param hostName the name of its host-side device, e.g. a veth
     * @param hwaddr its MAC address
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NetworkInterface(
            List<Address> addresses,
            String state,
            @JsonProperty("host_name") String hostName,
            String hwaddr) {

        /**
         * Replaces a missing address list with an empty one.
         *
         * @param addresses the addresses
         * @param state the state
         * @param hostName the host device
         * @param hwaddr the MAC address
         */
        public NetworkInterface {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
        }
    }

    /**
     * One address of a network interface.
     *
     * @param family {@code "inet"} or {@code "inet6"}
     * @param address the address
     * @param netmask the prefix length, e.g. {@code "24"}
     * @param scope {@code "global"}, {@code "link"} or {@code "local"}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Address(String family, String address, String netmask, String scope) {
    }
}
