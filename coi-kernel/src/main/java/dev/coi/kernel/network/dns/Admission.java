package dev.coi.kernel.network.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/** Opens addresses for a container: the proxy's way into the firewall (an nftables set with timeouts). */
@FunctionalInterface
public interface Admission {

    /**
     * Lets the container reach the addresses for the lifetime, before the proxy hands them out. Returns only once
     * they are open: the container connects the moment it has the answer.
     *
     * @param name the name the container asked for, in lower case
     * @param addresses the addresses to open, never empty
     * @throws IOException (or any unchecked exception) when they could not be opened; the container then gets
     *     SERVFAIL instead of the addresses
     */
    void admit(String container, String name, List<InetAddress> addresses, Duration lifetime) throws IOException;
}
