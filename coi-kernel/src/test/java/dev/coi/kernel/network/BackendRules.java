package dev.coi.kernel.network;

import java.util.List;
import java.util.Set;

/**
 * The rules of coi's containers in the network backend the tests run against, read and changed as root behind
 * coi's back. The backend is the system property {@value #PROPERTY}: {@code nftables} (the default, and what
 * {@code network.backend = auto} picks on a host where nft works) or {@code firewalld}.
 */
interface BackendRules {

    String PROPERTY = "coi.it.networkBackend";

    /** The backend of this test run. */
    static BackendRules underTest() {
        String name = System.getProperty(PROPERTY, "nftables");
        return switch (name) {
            case "nftables" -> new NftRules();
            case "firewalld" -> new DirectRules();
            default -> throw new IllegalArgumentException(PROPERTY + " must be nftables or firewalld, not " + name);
        };
    }

    /** Whether the run names its backend, so that coi must be told to use it rather than choose. */
    static boolean named() {
        return System.getProperty(PROPERTY) != null;
    }

    String name();

    /** @return every rule owned by a coi container, one line each */
    List<String> coiRules();

    /** @return the rules owned by exactly this container, one line each; empty when it owns none */
    List<String> ownedBy(String container);

    /** @return the source addresses the container's rules are scoped to, IPv4 and IPv6, without prefix length */
    Set<String> sources(String container);

    /** @return the destinations the container's rules name, as CIDRs ({@code 203.0.113.7/32}) */
    Set<String> destinations(String container);

    /** Removes the container's rules behind coi's back, as a firewall reload or a crash of coi leaves it. */
    void removeOwnedBy(String container);

    /**
     * Fails if a container with the prefix still owns a rule, after removing those rules so that the failure
     * leaves nothing behind on the machine; other owners' coi rules are only named (they may belong to tests that
     * run beside these).
     */
    void assertNoneLeft(String prefix);
}
