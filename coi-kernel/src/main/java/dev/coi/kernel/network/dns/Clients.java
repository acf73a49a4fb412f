package dev.coi.kernel.network.dns;

import java.net.InetAddress;
import java.util.Optional;

/** Who is asking: the proxy serves coi's filtered containers, and refuses everyone else. */
@FunctionalInterface
public interface Clients {

    /** @return the policy of the container with that source address, or empty for a stranger */
    Optional<ClientPolicy> forSource(InetAddress source);
}
