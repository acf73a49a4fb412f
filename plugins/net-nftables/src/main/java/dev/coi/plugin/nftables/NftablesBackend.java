package dev.coi.plugin.nftables;

import dev.coi.api.Availability;
import dev.coi.api.CommandResult;
import dev.coi.api.HostCommands;
import dev.coi.api.NetworkBackend;
import dev.coi.api.NetworkMode;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.NetworkRule;
import dev.coi.api.PortException;
import dev.coi.api.RulesInForce;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Enforces network policies in a table of coi's own in nftables (see {@link CoiTable}): every change is one
 * {@code nft} transaction, which the kernel applies whole or not at all, so a policy being replaced never leaves a
 * gap and a refused one leaves nothing behind. firewalld's reload or restart does not touch the table.
 */
final class NftablesBackend implements NetworkBackend {

    private static final Pattern CONTAINER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
    private static final Pattern ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern NETWORK = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3})(?:/(\\d{1,2}))?");
    /** What nft says when the table to list does not exist: coi's table appears with the first policy. */
    private static final String NO_TABLE = "No such file or directory";

    private final NftCommand nft;
    private final CoiTable table;

    NftablesBackend(NftCommand nft, String table) {
        this.nft = nft;
        this.table = new CoiTable(table);
    }

    @Override
    public String name() {
        return "nftables";
    }

    @Override
    public Set<NetworkMode> supportedModes() {
        return Set.of(NetworkMode.OPEN, NetworkMode.RESTRICTED, NetworkMode.ALLOWLIST);
    }

    /** {@inheritDoc} Here each change is one nft transaction: 61 ms for an enforce, 29 ms for a release as measured by NftablesBackendIT, most of it the nft process. */
    @Override
    public Duration changeTime() {
        return Duration.ofMillis(30);
    }

    @Override
    public Availability availability(HostCommands host) {
        return nft.availability(host);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the container name, an address or a destination could not be written
     *                                  into a rule (a name of letters, digits and dashes; IPv4 and IPv6 addresses)
     */
    @Override
    public void enforce(NetworkPolicy policy, HostCommands host) {
        NetworkPolicy checked = checked(policy);
        change(state -> Optional.of(table.enforce(checked, state)), host, "could not enforce the network policy of "
                + policy.container() + " (" + String.join(", ", policy.addresses()) + ")",
                "its earlier rules are unchanged");
    }

    @Override
    public boolean followsDns() {
        return true;
    }

    /**
     * {@inheritDoc} One nft call and no read of the table: the transaction names the container's admitted sets,
     * which only a policy that follows DNS creates, so nft refuses it whole when there is none.
     *
     * @throws IllegalArgumentException when the container name or an address could not be written into a rule
     */
    @Override
    public void admit(String container, List<String> addresses, Duration lifetime, HostCommands host) {
        require(CONTAINER, container, "container name");
        List<String> checked = addresses.stream().map(NftablesBackend::address).distinct().toList();
        if (checked.isEmpty()) {
            return;
        }
        // whole seconds, rounded up: an address is never closed before the resolver's answer expires
        long seconds = Math.max(1, (lifetime.toMillis() + 999) / 1000);
        CommandResult result = apply(table.admit(container, checked, seconds), host);
        if (result.succeeded()) {
            return;
        }
        String said = NftCommand.firstLine(result);
        if (said.contains(NO_TABLE)) {
            throw new PortException("could not admit " + String.join(", ", checked) + " for " + container
                    + ": it has no network policy that follows DNS in force (nft: " + said + "); enforce one first,"
                    + " and check with: nft list table inet " + table.name());
        }
        throw new PortException("could not admit " + String.join(", ", checked) + " for " + container
                + ": nft refused the change (" + said + "); check that nftables works: nft list table inet "
                + table.name());
    }

    @Override
    public void release(String container, HostCommands host) {
        change(state -> table.release(container, state), host, "could not remove the network rules of " + container,
                "they are unchanged");
    }

    @Override
    public Map<String, Set<String>> owners(HostCommands host) {
        return table.owners(state(host));
    }

    /**
     * {@inheritDoc} One read of the table: the rules of the container's chains, each with its counter, and the
     * elements of its timeout sets with the time they have left.
     */
    @Override
    public Optional<RulesInForce> inspect(String container, HostCommands host) {
        return Optional.of(listing(host).map(json -> read(() -> RuleListing.of(json, CoiTable.chains(container),
                CoiTable.admittedSets(container)))).orElseGet(() -> new RulesInForce(List.of(), List.of())));
    }

    /** {@inheritDoc} From the counters of the container's reject rules, in one read of the table. */
    @Override
    public OptionalLong refusedPackets(String container, HostCommands host) {
        return listing(host).map(json -> read(() -> RuleListing.refused(json, CoiTable.chains(container))))
                .map(OptionalLong::of).orElseGet(() -> OptionalLong.of(0));
    }

    private TableState state(HostCommands host) {
        return listing(host).map(json -> read(() -> TableState.parse(json, Set.of(CoiTable.DISPATCH,
                CoiTable.DISPATCH6), Set.of(CoiTable.DNS_SOURCES, CoiTable.DNS_SOURCES6))))
                .orElseGet(TableState::empty);
    }

    /** nft's JSON listing of coi's table; empty when there is no table yet. */
    private Optional<String> listing(HostCommands host) {
        CommandResult listed = nft.run(host, List.of("-j", "list", "table", "inet", table.name()));
        if (listed.succeeded()) {
            return Optional.of(listed.stdout());
        }
        if (listed.stderr().contains(NO_TABLE)) {
            return Optional.empty();
        }
        throw new PortException("could not read coi's nftables table: " + NftCommand.firstLine(listed)
                + "; check it with: nft list table inet " + table.name());
    }

    private <T> T read(Supplier<T> parsing) {
        try {
            return parsing.get();
        } catch (IllegalArgumentException unreadable) {
            throw new PortException("could not read nft's listing of coi's table: " + unreadable.getMessage()
                    + "; check it with: nft -j list table inet " + table.name(), unreadable);
        }
    }

    /**
     * One call, one transaction: the kernel applies all of it or nothing. A transaction is made from what the table
     * held when it was read; when another coi (the keeper, {@code coi clean}) changed the table in between, so that
     * the transaction no longer fits, it is made once more from what is there now.
     */
    private void change(Function<TableState, Optional<String>> transaction, HostCommands host, String what,
            String unchanged) {
        Optional<String> first = transaction.apply(state(host));
        if (first.isEmpty()) {
            return;
        }
        CommandResult result = apply(first.get(), host);
        if (result.succeeded()) {
            return;
        }
        Optional<String> again = transaction.apply(state(host));
        if (again.isEmpty()) {
            return;
        }
        if (!again.equals(first)) {
            result = apply(again.get(), host);
            if (result.succeeded()) {
                return;
            }
        }
        throw new PortException(what + ": nft refused the change (" + NftCommand.firstLine(result) + "), so "
                + unchanged + "; check that nftables works: nft list table inet " + table.name());
    }

    private CommandResult apply(String transaction, HostCommands host) {
        // nft takes several commands, separated by newlines, in one argument as one batch, as with -f
        return nft.run(host, List.of(transaction));
    }

    /**
     * Checks every value that goes into the transaction's text, and clears host bits, which nft refuses; IPv6 in
     * the canonical form nft lists it in, so that an address read back is the same text.
     */
    private static NetworkPolicy checked(NetworkPolicy policy) {
        require(CONTAINER, policy.container(), "container name");
        require(ADDRESS, policy.address(), "IPv4 address");
        octets(policy.address(), policy.address());
        Optional<String> ipv6 = policy.ipv6Address().map(address -> ipv6(Ipv6Text::address, address, "IPv6 address"));
        List<NetworkRule> rules = policy.rules().stream().map(rule -> new NetworkRule(
                rule.destinations().stream().map(NftablesBackend::network).toList(), rule.verdict())).toList();
        policy.dns().ifPresent(redirect -> {
            require(ADDRESS, redirect.address(), "IPv4 address of the DNS resolver");
            octets(redirect.address(), redirect.address());
        });
        return new NetworkPolicy(policy.container(), policy.address(), rules, ipv6, policy.dns());
    }

    private static String ipv6(Function<String, String> reading, String value, String what) {
        try {
            return reading.apply(value);
        } catch (IllegalArgumentException e) {
            throw invalid(what, value);
        }
    }

    private static String address(String address) {
        if (NetworkRule.isIpv6(address)) {
            return ipv6(Ipv6Text::address, address, "IPv6 address");
        }
        require(ADDRESS, address, "IPv4 address");
        octets(address, address);
        return address;
    }

    private static String network(String destination) {
        if (NetworkRule.isIpv6(destination)) {
            return ipv6(Ipv6Text::network, destination, "IPv6 network");
        }
        var parts = NETWORK.matcher(destination);
        if (!parts.matches()) {
            throw invalid("IPv4 network", destination);
        }
        int prefix = parts.group(2) == null ? 32 : Integer.parseInt(parts.group(2));
        if (prefix > 32) {
            throw invalid("IPv4 network", destination);
        }
        long address = octets(parts.group(1), destination);
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        long base = address & mask;
        return (base >>> 24) + "." + ((base >>> 16) & 0xFF) + "." + ((base >>> 8) & 0xFF) + "." + (base & 0xFF)
                + "/" + prefix;
    }

    private static long octets(String address, String whole) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            int number = Integer.parseInt(octet);
            if (number > 255) {
                throw invalid("IPv4 address", whole);
            }
            value = value << 8 | number;
        }
        return value;
    }

    private static void require(Pattern shape, String value, String what) {
        if (!shape.matcher(value).matches()) {
            throw invalid(what, value);
        }
    }

    private static IllegalArgumentException invalid(String what, String value) {
        return new IllegalArgumentException("not a valid " + what + " for an nftables rule: '" + value + "'");
    }
}
