package dev.coi.kernel.incus;

import java.util.List;
import java.util.Optional;

/** What a session asks about the networks of the runtime: the bridge its card is on, its addresses and leases. */
public interface NetworkLookups {

    /**
     * A network, managed by the runtime or a host interface it knows about.
     *
     * @param name the network name
     * @return the network, or empty when none of that name is known
     */
    Optional<NetworkInfo> network(String name);

    /**
     * The addresses the host has on a network interface now.
     *
     * @param name the network name
     * @return its addresses, empty when it has none or does not exist
     */
    List<InstanceState.Address> networkAddresses(String name);

    /**
     * The addresses handed out on a managed network now: the gateway, static allocations and DHCP leases.
     *
     * @param name the network name
     * @return the addresses, empty when the network is not managed or has none
     */
    List<String> networkLeaseAddresses(String name);

    /**
     * What a managed network hands out now, to whom.
     *
     * @param name the network name
     * @return the leases, empty when there is no network of that name
     * @throws IncusException when the runtime cannot tell, e.g. for a network it does not manage
     */
    List<NetworkLease> networkLeases(String name);
}
