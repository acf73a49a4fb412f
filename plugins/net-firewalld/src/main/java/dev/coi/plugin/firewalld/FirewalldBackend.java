package dev.coi.plugin.firewalld;

import dev.coi.api.Availability;
import dev.coi.api.HostCommands;
import dev.coi.api.NetworkBackend;
import dev.coi.api.NetworkMode;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.PortException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Enforces network policies with firewalld direct rules in the forward chain: one rule per step of a policy and
 * address family ({@code ipv4}, and {@code ipv6} for a container with an IPv6 address), its position as priority,
 * scoped to the container's address of that family and marked {@code coi:<container>} in its comment. Only forward rules with such a comment are ever changed; everything else in firewalld is the
 * user's.
 */
final class FirewalldBackend implements NetworkBackend {

    /** The backend's name, which {@code network.backend} takes. */
    static final String NAME = "firewalld";

    private static final Pattern CONTAINER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
    private static final Pattern ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern NETWORK = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?");
    /** Hex groups and colons, perhaps an IPv4 tail: nothing ip6tables could read as an option. */
    private static final Pattern IPV6_ADDRESS = Pattern.compile("[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}"
            + "(:\\d{1,3}(\\.\\d{1,3}){3})?");
    private static final Pattern IPV6_NETWORK = Pattern.compile(IPV6_ADDRESS.pattern() + "(/\\d{1,3})?");

    private final FirewallCommand firewall;
    private final DirectRules rules;

    FirewalldBackend(FirewallState state) {
        this.firewall = new FirewallCommand(state);
        this.rules = new DirectRules(firewall);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<NetworkMode> supportedModes() {
        return Set.of(NetworkMode.OPEN, NetworkMode.RESTRICTED, NetworkMode.ALLOWLIST);
    }

    /** {@inheritDoc} Here each change is a firewall-cmd call, a Python client that takes about 0.4 s to start. */
    @Override
    public Duration changeTime() {
        return Duration.ofMillis(400);
    }

    @Override
    public Availability availability(HostCommands host) {
        return firewall.availability(host);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the container name, an address or a destination could not be written
     *                                  into a rule (a name of letters, digits and dashes; IPv4 and IPv6 addresses)
     */
    @Override
    public void enforce(NetworkPolicy policy, HostCommands host) {
        check(policy);
        List<DirectRule> wanted = IntStream.range(0, policy.rules().size())
                .mapToObj(index -> DirectRule.of(policy, index)).flatMap(List::stream).toList();
        try (ParallelCalls calls = new ParallelCalls()) {
            // The read need not wait for the adds: whether it sees the new rules or not, they are told apart
            // from stale ones by their text, and never removed.
            Future<List<DirectRule>> present = calls.start(() -> rules.all(host));
            List<DirectRule> added = add(wanted, policy, calls, host);
            List<DirectRule> existing;
            try {
                existing = ParallelCalls.result(present);
            } catch (RuntimeException unreadable) {
                throw rolledBack(policy, added, unreadable.getMessage(), calls, host);
            }
            try {
                removeAll(existing.stream().filter(rule -> stale(rule, policy, wanted)).toList(), calls, host);
            } catch (PortException stuck) {
                throw new PortException("the network rules of " + policy.container() + " (" + addresses(policy)
                        + ") are in place, but older ones are left: " + stuck.getMessage(), stuck);
            }
        }
    }

    @Override
    public void release(String container, HostCommands host) {
        List<DirectRule> owned = rules.all(host).stream()
                .filter(rule -> rule.owner().equals(Optional.of(container))).toList();
        if (owned.isEmpty()) {
            return;
        }
        try (ParallelCalls calls = new ParallelCalls()) {
            removeAll(owned, calls, host);
        }
    }

    /** firewalld's D-Bus signals of a reload or restart: needs neither root nor a call of firewall-cmd. */
    @Override
    public AutoCloseable watchLosses(Runnable lost) {
        return RuleLossSignals.onSystemBus(lost);
    }

    @Override
    public Map<String, Set<String>> owners(HostCommands host) {
        Map<String, Set<String>> owners = new TreeMap<>();
        for (DirectRule rule : rules.all(host)) {
            rule.owner().ifPresent(owner -> {
                Set<String> addresses = owners.computeIfAbsent(owner, name -> new TreeSet<>());
                rule.source().ifPresent(addresses::add);
            });
        }
        owners.replaceAll((owner, addresses) -> Collections.unmodifiableSet(addresses));
        return Collections.unmodifiableMap(owners);
    }

    /** Adds the rules side by side; returns those firewalld did not have before. */
    private List<DirectRule> add(List<DirectRule> wanted, NetworkPolicy policy, ParallelCalls calls, HostCommands host) {
        List<Future<Boolean>> adds = wanted.stream().map(rule -> calls.start(() -> rules.add(rule, host))).toList();
        List<DirectRule> added = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int index = 0; index < wanted.size(); index++) {
            try {
                if (ParallelCalls.result(adds.get(index))) {
                    added.add(wanted.get(index));
                }
            } catch (RuntimeException failed) {
                refused.add(failed.getMessage());
            }
        }
        if (!refused.isEmpty()) {
            throw rolledBack(policy, added, String.join("; ", refused), calls, host);
        }
        return added;
    }

    /** A coi rule that must go: the container's own that the policy no longer has, or any left on its address. */
    private static boolean stale(DirectRule rule, NetworkPolicy policy, List<DirectRule> wanted) {
        Optional<String> owner = rule.owner();
        return owner.isPresent() && !wanted.contains(rule)
                && (owner.get().equals(policy.container()) || rule.source().filter(policy.addresses()::contains)
                        .isPresent());
    }

    private PortException rolledBack(NetworkPolicy policy, List<DirectRule> added, String why, ParallelCalls calls,
            HostCommands host) {
        String undone;
        try {
            removeAll(added, calls, host);
            undone = "the rules coi had added for it were removed again and its earlier rules are unchanged";
        } catch (PortException stuck) {
            undone = "removing the rules coi had added for it failed too: " + stuck.getMessage();
        }
        return new PortException("could not enforce the network policy of " + policy.container() + " ("
                + addresses(policy) + "): " + why + "; " + undone + "; check that firewalld runs (firewall-cmd"
                + " --state) and that the policy's destinations are IPv4 or IPv6 networks");
    }

    private static String addresses(NetworkPolicy policy) {
        return String.join(", ", policy.addresses());
    }

    private void removeAll(List<DirectRule> doomed, ParallelCalls calls, HostCommands host) {
        List<Future<Void>> removals = doomed.stream().map(rule -> calls.<Void>start(() -> {
            rules.remove(rule, host);
            return null;
        })).toList();
        List<String> failures = new ArrayList<>();
        for (Future<Void> removal : removals) {
            try {
                ParallelCalls.result(removal);
            } catch (RuntimeException failed) {
                failures.add(failed.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new PortException(String.join("; ", failures));
        }
    }

    private static void check(NetworkPolicy policy) {
        require(CONTAINER, policy.container(), "container name");
        require(ADDRESS, policy.address(), "IPv4 address");
        policy.ipv6Address().ifPresent(address -> require(IPV6_ADDRESS, address, "IPv6 address"));
        policy.rules().forEach(rule -> {
            rule.ipv4Destinations().forEach(network -> require(NETWORK, network, "IPv4 network"));
            rule.ipv6Destinations().forEach(network -> require(IPV6_NETWORK, network, "IPv6 network"));
        });
    }

    private static void require(Pattern shape, String value, String what) {
        if (!shape.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid " + what + " for a firewalld rule: '" + value + "'");
        }
    }
}
