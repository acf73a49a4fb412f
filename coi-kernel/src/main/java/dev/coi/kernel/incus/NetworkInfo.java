package dev.coi.kernel.incus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import java.util.Optional;

/**
 * A network as Incus describes it ({@code GET /1.0/networks/<name>}): a managed bridge Incus made, or a host
 * interface it only knows about.
 *
 * @param name the name, e.g. {@code incusbr0}
 * @param type e.g. {@code bridge}, {@code physical}, {@code macvlan}, {@code ovn}
 * @param managed whether Incus manages it (then {@link #config()} holds its addresses)
 * @param config its configuration, e.g. {@code ipv4.address=10.123.45.1/24}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkInfo(String name, String type, boolean managed, Map<String, String> config) {

    /**
     * Replaces a missing configuration with an empty one.
     *
     * @param name the name
     * @param type the type
     * @param managed whether managed
     * @param config the configuration
     */
    public NetworkInfo {
        config = config == null ? Map.of() : Map.copyOf(config);
    }

    /**
     * The host's IPv4 address on a managed network, which its instances use as gateway.
     *
     * @return the address without prefix length, or empty when it has none ({@code none} or unset)
     */
    public Optional<String> ipv4Address() {
        String address = config.getOrDefault("ipv4.address", "");
        if (address.isBlank() || address.equals("none")) {
            return Optional.empty();
        }
        int slash = address.indexOf('/');
        return Optional.of(slash < 0 ? address : address.substring(0, slash));
    }
}
