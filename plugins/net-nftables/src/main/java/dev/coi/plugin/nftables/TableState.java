package dev.coi.plugin.nftables;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What coi's table holds now, as {@code nft -j list table} prints it: the source addresses of the dispatch maps
 * and of the DNS maps, each with the chain it jumps to, and the names of the table's chains and sets.
 *
 * @param sources source address (IPv4 or IPv6, of either dispatch map) to the chain its traffic jumps to
 * @param redirects source address (IPv4 or IPv6, of either DNS map) to the chain its DNS queries jump to
 * @param chains the chains' names
 * @param sets the sets' names
 */
record TableState(Map<String, String> sources, Map<String, String> redirects, Set<String> chains, Set<String> sets) {

    /** Sorted, so that a transaction's text depends on the table's content only. */
    TableState {
        sources = Collections.unmodifiableSortedMap(new TreeMap<>(sources));
        redirects = Collections.unmodifiableSortedMap(new TreeMap<>(redirects));
        chains = Collections.unmodifiableSortedSet(new TreeSet<>(chains));
        sets = Collections.unmodifiableSortedSet(new TreeSet<>(sets));
    }

    /** The table does not exist yet. */
    static TableState empty() {
        return new TableState(Map.of(), Map.of(), Set.of(), Set.of());
    }

    /**
     * Reads nft's JSON listing of one table.
     *
     * @param json what {@code nft -j list table inet <table>} printed
     * @param dispatch the names of the maps from source address to the verdict for its traffic
     * @param dns the names of the maps from source address to the verdict for its DNS queries
     * @throws IllegalArgumentException when the text is not nft's JSON listing
     */
    static TableState parse(String json, Set<String> dispatch, Set<String> dns) {
        Map<String, String> sources = new TreeMap<>();
        Map<String, String> redirects = new TreeMap<>();
        Set<String> chains = new TreeSet<>();
        Set<String> sets = new TreeSet<>();
        for (Object entry : list(member(Json.parse(json), "nftables"))) {
            member(entry, "chain").flatMap(chain -> text(chain, "name")).ifPresent(chains::add);
            member(entry, "set").flatMap(set -> text(set, "name")).ifPresent(sets::add);
            member(entry, "map").filter(map -> text(map, "name").filter(dispatch::contains).isPresent())
                    .ifPresent(map -> list(member(map, "elem")).forEach(element -> readSource(element, sources)));
            member(entry, "map").filter(map -> text(map, "name").filter(dns::contains).isPresent())
                    .ifPresent(map -> list(member(map, "elem")).forEach(element -> readSource(element, redirects)));
        }
        return new TableState(sources, redirects, chains, sets);
    }

    /** One element of the verdict map: {@code ["10.1.2.3", {"jump": {"target": "chain"}}]}. */
    private static void readSource(Object element, Map<String, String> sources) {
        if (!(element instanceof List<?> pair) || pair.size() != 2) {
            throw new IllegalArgumentException("not an element of a verdict map: " + element);
        }
        Object key = pair.get(0);
        // an element with a comment or a timeout is an object that holds the value
        Object address = key instanceof Map<?, ?> ? member(key, "elem").flatMap(elem -> member(elem, "val"))
                .orElse(null) : key;
        Optional<String> target = member(pair.get(1), "jump").or(() -> member(pair.get(1), "goto"))
                .flatMap(verdict -> text(verdict, "target"));
        if (address instanceof String source && target.isPresent()) {
            sources.put(source, target.get());
        }
    }

    private static Optional<Object> member(Object object, String name) {
        return object instanceof Map<?, ?> map ? Optional.ofNullable(map.get(name)) : Optional.empty();
    }

    private static Optional<String> text(Object object, String name) {
        return member(object, name).filter(String.class::isInstance).map(String.class::cast);
    }

    private static List<?> list(Optional<Object> value) {
        return value.filter(List.class::isInstance).map(List.class::cast).orElse(List.of());
    }
}
