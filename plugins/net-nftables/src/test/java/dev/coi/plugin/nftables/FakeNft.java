package dev.coi.plugin.nftables;

import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * nft as root, scripted: {@code list tables} succeeds, {@code -j list table} prints the listing the test set (or
 * says the table does not exist), and any other call, a transaction, is recorded and answered with
 * {@link #transactionResult}, after which the listing becomes {@link #listingAfterTransaction} if the test set one:
 * another coi that changed the table meanwhile.
 */
final class FakeNft implements HostCommands {

    static final CommandResult NO_TABLE = new CommandResult(1, "",
            "Error: No such file or directory\nlist table inet coi\n                ^^^\n");

    final List<List<String>> calls = new ArrayList<>();
    final List<String> transactions = new ArrayList<>();
    CommandResult listing = NO_TABLE;
    CommandResult transactionResult = new CommandResult(0, "", "");
    CommandResult listingAfterTransaction;

    /** Makes {@code nft -j list table} print a table with these JSON entries after the table's own. */
    void table(String... entries) {
        StringBuilder json = new StringBuilder("{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\","
                + " \"release_name\": \"Lester Gooch #5\", \"json_schema_version\": 1}},"
                + " {\"table\": {\"family\": \"inet\", \"name\": \"coi\", \"handle\": 7}}");
        for (String entry : entries) {
            json.append(", ").append(entry);
        }
        listing = new CommandResult(0, json.append("]}\n").toString(), "");
    }

    static String chain(String name) {
        return "{\"chain\": {\"family\": \"inet\", \"table\": \"coi\", \"name\": \"" + name + "\", \"handle\": 3}}";
    }

    static String set(String name) {
        return "{\"set\": {\"family\": \"inet\", \"name\": \"" + name + "\", \"table\": \"coi\", \"type\": \"ipv4_addr\","
                + " \"handle\": 4, \"flags\": [\"interval\"], \"auto-merge\": true, \"elem\": [{\"prefix\":"
                + " {\"addr\": \"10.0.0.0\", \"len\": 8}}]}}";
    }

    /** The dispatch map; each source is {@code "address", "chain"}. */
    static String sources(String... addressThenChain) {
        return map("sources", "ipv4_addr", addressThenChain);
    }

    /** The dispatch map of IPv6 sources; each source is {@code "address", "chain"}. */
    static String sources6(String... addressThenChain) {
        return map("sources6", "ipv6_addr", addressThenChain);
    }

    /** The map of a DNS-following container's IPv4 address to its chain that redirects its DNS queries. */
    static String dnsSources(String... addressThenChain) {
        return map("dns_sources", "ipv4_addr", addressThenChain);
    }

    /** The map of a DNS-following container's IPv6 address to its chain that refuses its DNS queries to the host. */
    static String dnsSources6(String... addressThenChain) {
        return map("dns_sources6", "ipv6_addr", addressThenChain);
    }

    private static String map(String name, String type, String... addressThenChain) {
        List<String> elements = new ArrayList<>();
        for (int at = 0; at < addressThenChain.length; at += 2) {
            elements.add("[\"" + addressThenChain[at] + "\", {\"jump\": {\"target\": \"" + addressThenChain[at + 1]
                    + "\"}}]");
        }
        return "{\"map\": {\"family\": \"inet\", \"name\": \"" + name + "\", \"table\": \"coi\", \"type\": \""
                + type + "\", \"handle\": 2, \"map\": \"verdict\"" + (elements.isEmpty() ? "" : ", \"elem\": ["
                + String.join(", ", elements) + "]") + "}}";
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        calls.add(argv);
        if (argv.equals(List.of("nft", "list", "tables"))) {
            return new CommandResult(0, "table inet coi\n", "");
        }
        if (argv.equals(List.of("nft", "-j", "list", "table", "inet", "coi"))) {
            return listing;
        }
        if (argv.size() != 2 || !argv.get(0).equals("nft")) {
            return new CommandResult(1, "", "unexpected " + argv);
        }
        transactions.add(argv.get(1));
        CommandResult result = transactionResult;
        if (listingAfterTransaction != null) {
            listing = listingAfterTransaction;
            listingAfterTransaction = null;
            transactionResult = new CommandResult(0, "", "");
        }
        return result;
    }
}
