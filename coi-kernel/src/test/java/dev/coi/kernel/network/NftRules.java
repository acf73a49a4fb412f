package dev.coi.kernel.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * coi's nftables table {@code inet coi}, read with {@code nft -j}: the verdict maps {@code sources} (IPv4) and
 * {@code sources6} (IPv6) send a container's addresses to its chain {@code ctr_<container>}, whose steps name sets
 * {@code ctr_<container>_<n>} (and {@code ..._<n>v6}); a container whose DNS is followed also has the timeout sets
 * {@code ctr_<container>_dns} and {@code ..._dnsv6}, and the maps {@code dns_sources} and {@code dns_sources6} send
 * its addresses to its chains {@code ctr_<container>_dnat} and {@code ..._refuse6}. Container names hold no
 * underscore, so everything named {@code ctr_<container>} or {@code ctr_<container>_...} is the container's.
 */
final class NftRules implements BackendRules {

    private static final String TABLE = "coi";
    private static final String CHAIN_PREFIX = "ctr_";
    private static final Set<String> MAPS = Set.of("sources", "sources6", "dns_sources", "dns_sources6");
    /** The sets a resolver fills while the container runs, not the destinations of its policy. */
    private static final Set<String> ADMITTED_SETS = Set.of("_dns", "_dnsv6");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "nftables";
    }

    @Override
    public List<String> coiRules() {
        List<String> rules = new ArrayList<>();
        for (JsonNode item : items()) {
            if (item.has("rule")) {
                rules.add(describe(item.get("rule")));
            }
        }
        for (String[] element : elements()) {
            rules.add(element[2] + " " + element[0] + " -> " + element[1]);
        }
        return rules;
    }

    @Override
    public List<String> ownedBy(String container) {
        List<String> rules = new ArrayList<>();
        for (String[] element : elements()) {
            if (owner(element[1]).equals(container)) {
                rules.add(element[2] + " " + element[0] + " -> " + element[1]);
            }
        }
        for (JsonNode item : items()) {
            if (item.has("rule") && owner(item.get("rule").path("chain").asText()).equals(container)) {
                rules.add(describe(item.get("rule")));
            }
        }
        return rules;
    }

    @Override
    public Set<String> sources(String container) {
        Set<String> sources = new LinkedHashSet<>();
        for (String[] element : elements()) {
            if (element[1].equals(CHAIN_PREFIX + container)) {
                sources.add(element[0]);
            }
        }
        return sources;
    }

    @Override
    public Set<String> destinations(String container) {
        Set<String> destinations = new LinkedHashSet<>();
        for (JsonNode item : items()) {
            JsonNode set = item.path("set");
            String name = set.path("name").asText();
            if (name.startsWith(CHAIN_PREFIX + container + "_")
                    && ADMITTED_SETS.stream().noneMatch(suffix -> name.equals(CHAIN_PREFIX + container + suffix))) {
                for (JsonNode element : set.path("elem")) {
                    destinations.add(cidr(element));
                }
            }
        }
        return destinations;
    }

    @Override
    public void removeOwnedBy(String container) {
        String chain = CHAIN_PREFIX + container;
        List<String> commands = new ArrayList<>();
        for (String[] element : elements()) {
            if (owner(element[1]).equals(container)) {
                commands.add("delete element inet " + TABLE + " " + element[2] + " { " + element[0] + " }");
            }
        }
        for (JsonNode item : items()) {
            String name = item.path("chain").path("name").asText();
            if (!name.isEmpty() && owner(name).equals(container)) {
                commands.add("flush chain inet " + TABLE + " " + name);
                commands.add("delete chain inet " + TABLE + " " + name);
            }
        }
        for (JsonNode item : items()) {
            String set = item.path("set").path("name").asText();
            if (set.startsWith(chain + "_")) {
                commands.add("delete set inet " + TABLE + " " + set);
            }
        }
        if (!commands.isEmpty()) {
            HostCommand.runAsRoot("nft", String.join("\n", commands));
        }
    }

    @Override
    public void assertNoneLeft(String prefix) {
        List<String> leaked = new ArrayList<>();
        Set<String> owners = new LinkedHashSet<>();
        for (String[] element : elements()) {
            String owner = owner(element[1]);
            if (owner.startsWith(prefix)) {
                leaked.add(element[2] + " " + element[0] + " -> " + element[1]);
                owners.add(owner);
            }
        }
        for (JsonNode item : items()) {
            String chain = item.path("chain").path("name").asText();
            if (chain.startsWith(CHAIN_PREFIX + prefix)) {
                owners.add(owner(chain));
                leaked.add("chain " + chain);
            }
        }
        owners.forEach(this::removeOwnedBy);
        if (!leaked.isEmpty()) {
            throw new AssertionError("coi left nftables rules of its containers behind (now removed by the test):\n  "
                    + String.join("\n  ", leaked));
        }
    }

    /** The elements of the maps as address, chain and map; none when the table does not exist. */
    private List<String[]> elements() {
        List<String[]> elements = new ArrayList<>();
        for (JsonNode item : items()) {
            JsonNode map = item.path("map");
            if (!MAPS.contains(map.path("name").asText())) {
                continue;
            }
            for (JsonNode element : map.path("elem")) {
                elements.add(new String[] {element.get(0).asText(), element.get(1).path("jump").path("target").asText(),
                    map.path("name").asText()});
            }
        }
        return elements;
    }

    private static List<JsonNode> items() {
        HostCommand.Result listed = HostCommand.attemptAsRoot("nft", "-j", "list", "table", "inet", TABLE);
        if (listed.exitCode() != 0) {
            if (listed.output().contains("No such file or directory")) {
                return List.of();
            }
            throw new AssertionError("nft -j list table inet " + TABLE + " failed: " + listed.output());
        }
        try {
            List<JsonNode> items = new ArrayList<>();
            JSON.readTree(listed.output()).path("nftables").forEach(items::add);
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cidr(JsonNode element) {
        JsonNode prefix = element.path("prefix");
        if (!prefix.isMissingNode()) {
            return prefix.path("addr").asText() + "/" + prefix.path("len").asInt();
        }
        return element.asText() + (element.asText().contains(":") ? "/128" : "/32");
    }

    /** The container a chain of coi's belongs to; empty for a chain of the table's own. */
    private static String owner(String chain) {
        if (!chain.startsWith(CHAIN_PREFIX)) {
            return "";
        }
        String rest = chain.substring(CHAIN_PREFIX.length());
        int underscore = rest.indexOf('_');
        return underscore < 0 ? rest : rest.substring(0, underscore);
    }

    /** Without its counter, which changes with every packet while what the rule does stays. */
    private static String describe(JsonNode rule) {
        List<JsonNode> statements = new ArrayList<>();
        rule.path("expr").forEach(statement -> {
            if (!statement.has("counter")) {
                statements.add(statement);
            }
        });
        return rule.path("chain").asText() + ": " + statements;
    }
}
