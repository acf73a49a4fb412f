package dev.coi.kernel.network;

import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * The allowlist as resolved at one moment.
 *
 * @param cidrs every allowed network, sorted
 * @param names each name's IPv4 and IPv6 addresses (fresh, or from the cache when resolving failed)
 * @param warnings names that did not resolve, and what was used instead
 */
record AllowlistResolution(SortedSet<String> cidrs, Map<String, List<String>> names, List<String> warnings) {

    AllowlistResolution {
        cidrs = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(cidrs));
        names = Map.copyOf(names);
        warnings = List.copyOf(warnings);
    }
}
