package dev.coi.kernel.network;

import dev.coi.kernel.base.CoiException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Resolves {@code network.allowed_domains} on the host. A name that does not resolve now keeps the addresses it had
 * the last time (the cache), so that a DNS hiccup never cuts a running session off; only when nothing at all is
 * allowed does resolving fail.
 */
final class AllowlistResolver {

    private final NameResolver resolver;

    AllowlistResolver(NameResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @param entries the parsed entries
     * @param cached each name's addresses from the last resolution; empty the first time
     * @throws CoiException when no entry gives any address
     */
    AllowlistResolution resolve(List<AllowlistEntry> entries, Map<String, List<String>> cached) {
        TreeSet<String> cidrs = new TreeSet<>();
        Map<String, List<String>> names = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (AllowlistEntry entry : entries) {
            if (!entry.isName()) {
                cidrs.add(entry.cidr());
                continue;
            }
            if (entry.isWildcard()) {
                continue;
            }
            List<String> addresses;
            try {
                addresses = resolver.addresses(entry.text());
            } catch (UnknownHostException e) {
                addresses = cached.getOrDefault(entry.text(), List.of());
                warnings.add(addresses.isEmpty()
                        ? "could not resolve " + entry.text() + " (" + e.getMessage() + ") and no earlier addresses are"
                                + " known: it stays blocked"
                        : "could not resolve " + entry.text() + " (" + e.getMessage() + "): using the addresses"
                                + " resolved earlier " + addresses);
            }
            if (!addresses.isEmpty()) {
                names.put(entry.text(), List.copyOf(addresses));
                addresses.forEach(address -> cidrs.add(hostNetwork(address)));
            }
        }
        if (cidrs.isEmpty()) {
            throw CoiException.failure("allowlist mode: none of network.allowed_domains " + entries.stream()
                    .map(AllowlistEntry::text).toList() + " gave an address (" + String.join("; ", warnings)
                    + "); check the host's DNS, or list IPv4 or IPv6 addresses, or use --network=restricted");
        }
        return new AllowlistResolution(cidrs, names, warnings);
    }

    /** The network of exactly one address: {@code /32} for IPv4, {@code /128} for IPv6. */
    static String hostNetwork(String address) {
        return address + (dev.coi.api.NetworkRule.isIpv6(address) ? "/128" : "/32");
    }
}
