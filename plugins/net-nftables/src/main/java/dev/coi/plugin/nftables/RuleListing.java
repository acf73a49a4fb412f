package dev.coi.plugin.nftables;

import dev.coi.api.RulesInForce;
import dev.coi.api.RulesInForce.Admitted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One container's rules and admitted addresses, read out of {@code nft -j list table}, as a user reads them: each
 * rule as nft's own text writes it, prefixed by its chain, with the addresses of the sets it names written into it
 * (the timeout sets of admitted addresses, which change all the time, are named only) and its counter at the end,
 * for example {@code ctr_c1: ip daddr { 10.0.0.0/8, 172.16.0.0/12 } reject (12 packets, 720 bytes)}.
 */
final class RuleListing {

    private RuleListing() {
    }

    /**
     * @param json what {@code nft -j list table inet <table>} printed
     * @param chains the container's chains, in the order they are shown
     * @param admittedSets the container's sets of admitted addresses
     * @throws IllegalArgumentException when the text is not nft's JSON listing
     */
    static RulesInForce of(String json, List<String> chains, List<String> admittedSets) {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        chains.forEach(chain -> rules.put(chain, new ArrayList<>()));
        Map<String, List<?>> sets = new LinkedHashMap<>();
        List<Object> rulesFound = new ArrayList<>();
        for (Object entry : list(member(Json.parse(json), "nftables"))) {
            member(entry, "set").ifPresent(set -> text(set, "name")
                    .ifPresent(name -> sets.put(name, list(member(set, "elem")))));
            member(entry, "rule").ifPresent(rulesFound::add);
        }
        // sets are listed before the rules that name them, but nothing promises it
        for (Object rule : rulesFound) {
            text(rule, "chain").filter(rules::containsKey).ifPresent(chain -> rules.get(chain)
                    .add(chain + ": " + line(list(member(rule, "expr")), sets, admittedSets)));
        }
        List<Admitted> admitted = new ArrayList<>();
        for (String set : admittedSets) {
            for (Object element : sets.getOrDefault(set, List.of())) {
                Optional<Object> timed = member(element, "elem");
                Optional<String> address = timed.flatMap(elem -> text(elem, "val"));
                Optional<Double> expires = timed.flatMap(elem -> member(elem, "expires"))
                        .filter(Double.class::isInstance).map(Double.class::cast);
                // coi admits every address with a timeout, so each element has one
                if (address.isPresent() && expires.isPresent()) {
                    admitted.add(new Admitted(address.get(),
                            Duration.ofSeconds(Math.max(0, expires.get().longValue()))));
                }
            }
        }
        return new RulesInForce(rules.values().stream().flatMap(List::stream).toList(), admitted);
    }

    /**
     * The packets the container's refusing rules (reject, drop) counted, from the same listing.
     *
     * @param json what {@code nft -j list table inet <table>} printed
     * @param chains the container's chains
     * @throws IllegalArgumentException when the text is not nft's JSON listing
     */
    static long refused(String json, List<String> chains) {
        long packets = 0;
        for (Object entry : list(member(Json.parse(json), "nftables"))) {
            Optional<Object> rule = member(entry, "rule").filter(found -> text(found, "chain")
                    .filter(chains::contains).isPresent());
            List<?> expressions = list(rule.flatMap(found -> member(found, "expr")));
            // a verdict without arguments is written {"drop": null}
            boolean refuses = expressions.stream().anyMatch(expression -> expression instanceof Map<?, ?> map
                    && (map.containsKey("reject") || map.containsKey("drop")));
            if (refuses) {
                packets += expressions.stream().map(expression -> member(expression, "counter"))
                        .flatMap(Optional::stream).map(counter -> member(counter, "packets"))
                        .flatMap(Optional::stream).filter(Double.class::isInstance).map(Double.class::cast)
                        .mapToLong(Double::longValue).sum();
            }
        }
        return packets;
    }

    private static String line(List<?> expressions, Map<String, List<?>> sets, List<String> admittedSets) {
        List<String> words = new ArrayList<>();
        String counted = "";
        for (Object expression : expressions) {
            Optional<Object> counter = member(expression, "counter");
            if (counter.isPresent()) {
                counted = " (" + count(counter.get(), "packets", "packet") + ", "
                        + count(counter.get(), "bytes", "byte") + ")";
            } else {
                words.add(statement(expression, sets, admittedSets));
            }
        }
        return String.join(" ", words) + counted;
    }

    private static String count(Object counter, String member, String one) {
        long value = member(counter, member).filter(Double.class::isInstance).map(Double.class::cast)
                .map(Double::longValue).orElse(0L);
        return value + " " + (value == 1 ? one : member);
    }

    /** The statements coi writes; any other is named by its kind. */
    private static String statement(Object expression, Map<String, List<?>> sets, List<String> admittedSets) {
        if (!(expression instanceof Map<?, ?> map) || map.size() != 1) {
            return String.valueOf(expression);
        }
        String kind = String.valueOf(map.keySet().iterator().next());
        Object body = map.values().iterator().next();
        return switch (kind) {
            case "match" -> {
                String op = text(body, "op").orElse("==");
                yield value(member(body, "left").orElse(null), sets, admittedSets)
                        + (op.equals("==") || op.equals("in") ? " " : " " + op + " ")
                        + value(member(body, "right").orElse(null), sets, admittedSets);
            }
            case "jump", "goto" -> kind + " " + text(body, "target").orElse("?");
            case "dnat", "snat" -> kind + text(body, "family").map(family -> " " + family).orElse("") + " to "
                    + text(body, "addr").orElse("?") + member(body, "port").map(port -> ":" + number(port)).orElse("");
            default -> kind;
        };
    }

    private static String value(Object value, Map<String, List<?>> sets, List<String> admittedSets) {
        if (value instanceof String text) {
            String set = text.substring(Math.min(1, text.length()));
            if (text.startsWith("@") && !admittedSets.contains(set) && sets.containsKey(set)) {
                return elements(sets.get(set), sets, admittedSets);
            }
            return text;
        }
        if (value instanceof Double) {
            return number(value);
        }
        if (value instanceof List<?> items) {
            return elements(items, sets, admittedSets);
        }
        if (!(value instanceof Map<?, ?> map) || map.size() != 1) {
            return String.valueOf(value);
        }
        String kind = String.valueOf(map.keySet().iterator().next());
        Object body = map.values().iterator().next();
        return switch (kind) {
            case "payload" -> text(body, "protocol").orElse("?") + " " + text(body, "field").orElse("?");
            case "meta" -> "meta " + text(body, "key").orElse("?");
            case "set" -> elements(body instanceof List<?> items ? items : List.of(body), sets, admittedSets);
            case "prefix" -> text(body, "addr").orElse("?") + "/" + member(body, "len").map(RuleListing::number)
                    .orElse("?");
            case "range" -> body instanceof List<?> ends && ends.size() == 2 ? value(ends.get(0), sets, admittedSets)
                    + "-" + value(ends.get(1), sets, admittedSets) : kind;
            case "elem" -> value(member(body, "val").orElse(null), sets, admittedSets);
            default -> kind;
        };
    }

    private static String elements(List<?> items, Map<String, List<?>> sets, List<String> admittedSets) {
        return items.isEmpty() ? "{ }" : items.stream().map(item -> value(item, sets, admittedSets))
                .collect(Collectors.joining(", ", "{ ", " }"));
    }

    private static String number(Object value) {
        return value instanceof Double number && number == Math.rint(number) ? String.valueOf(number.longValue())
                : String.valueOf(value);
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
