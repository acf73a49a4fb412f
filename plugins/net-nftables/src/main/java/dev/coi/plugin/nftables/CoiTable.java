package dev.coi.plugin.nftables;

import dev.coi.api.DnsRedirect;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.NetworkRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The layout of coi's table in the {@code inet} family and the transactions that change it.
 *
 * <p>Two base chains on the forward hook, before firewalld's (priority filter + 10) and iptables' (filter), hold one
 * rule each: the IPv4 source address looks up the verdict map {@value #DISPATCH}, the IPv6 one the map
 * {@value #DISPATCH6}, whose element for a container's address jumps to that container's chain
 * {@code ctr_<container>}. The container's chain is its policy, step by step, first match wins; the IPv4
 * destinations of a step are the named set {@code ctr_<container>_<step>}, its IPv6 ones the set
 * {@code ctr_<container>_<step>v6}; a step of every destination is one rule for both families. Traffic to
 * the host is not forwarded and so not filtered, as with firewalld's backend. Container names hold no underscore,
 * so the names say unambiguously which container owns a chain or set. A container's transaction touches nothing of
 * another owner but the element of the address it takes over (and that owner's chain and sets when this was its
 * last address, as no packet can reach them any more).
 *
 * <p>A policy that follows DNS ({@link NetworkPolicy#dns()}) adds three things. Its chain starts with an accept of
 * the timeout sets {@code ctr_<container>_dns} and {@code ctr_<container>_dnsv6}, which hold the addresses coi's
 * resolver admitted, each until its timeout; enforcing again keeps them. A nat base chain on the prerouting hook
 * (just before dstnat, so that no other table's nat decides first) looks the IPv4 source up in the map
 * {@value #DNS_SOURCES}, whose element jumps to {@code ctr_<container>_dnat}, which sends the container's DNS queries
 * (UDP and TCP port 53, to any address) to the resolver. A filter base chain on the input hook looks the IPv6
 * source up in {@value #DNS_SOURCES6}, whose element jumps to {@code ctr_<container>_refuse6}, which rejects DNS
 * queries to the host over IPv6, so that they neither reach the host's own resolver nor wait for a timeout.
 *
 * <p>Every rule of a container's filter chains counts the packets it matched, so that {@code coi network show} can
 * tell how often the container was refused.
 *
 * <p>An accept here only ends coi's chains: firewalld's, Incus' and iptables' tables still see the packet, as they
 * did after firewalld's direct {@code ACCEPT}; a reject is final everywhere.
 */
final class CoiTable {

    /** The table's name on a user's host; tests use names of their own. */
    static final String NAME = "coi";
    static final String DISPATCH = "sources";
    static final String DISPATCH6 = "sources6";
    private static final String FORWARD = "forward";
    /**
     * The IPv6 dispatch has a base chain of its own: a coi from before IPv6 (another installation, or a keeper that
     * outlived an upgrade) flushes {@value #FORWARD} and puts back only the IPv4 dispatch, which in a shared chain
     * left every container's IPv6 unfiltered.
     */
    private static final String FORWARD6 = "forward6";
    /** Before firewalld's forward chain (filter + 10) and the iptables FORWARD chain (filter). */
    private static final int PRIORITY = -5;
    static final String DNS_SOURCES = "dns_sources";
    static final String DNS_SOURCES6 = "dns_sources6";
    private static final String DNS = "dns";
    private static final String DNS6 = "dns6";
    /** Before the nat chains of Incus, firewalld and iptables (dstnat and after): the first nat decision holds. */
    private static final String DNAT_PRIORITY = "dstnat - 5";
    private static final String DNS_QUERY = "meta l4proto { tcp, udp } th dport 53";
    private static final String PREFIX = "ctr_";
    private static final String IPV6_SET = "v6";
    private static final String ADMITTED = "dns";
    private static final String DNAT = "_dnat";
    private static final String REFUSE6 = "_refuse6";
    private static final Pattern CHAIN = Pattern.compile(PREFIX + "([A-Za-z0-9-]+)(" + DNAT + "|" + REFUSE6 + ")?");
    private static final Pattern SET = Pattern.compile(PREFIX + "([A-Za-z0-9-]+)_(\\d+|" + ADMITTED + ")(" + IPV6_SET
            + ")?");

    private final String table;

    CoiTable(String table) {
        this.table = table;
    }

    String name() {
        return table;
    }

    /**
     * The one transaction after which exactly the policy applies to its container: what the container had on other
     * addresses, and what any other container had on its address, is gone. An empty policy leaves nothing. The
     * addresses admitted to a container whose policy follows DNS stay.
     */
    String enforce(NetworkPolicy policy, TableState state) {
        List<String> commands = new ArrayList<>(skeleton());
        Optional<DnsRedirect> dns = policy.dns();
        if (dns.isPresent()) {
            commands.addAll(dnsSkeleton());
        }
        String container = policy.container();
        String chain = chain(container);
        boolean empty = policy.rules().isEmpty() && dns.isEmpty();
        Map<String, String> sources = new TreeMap<>();
        Map<String, String> redirects = new TreeMap<>();
        if (!empty) {
            policy.addresses().forEach(address -> sources.put(address, chain));
        }
        dns.ifPresent(redirect -> {
            redirects.put(policy.address(), chain(container, DNAT));
            policy.ipv6Address().ifPresent(address -> redirects.put(address, chain(container, REFUSE6)));
        });
        Map<String, Set<String>> owners = owners(state);
        List<String> doomedSources = doomed(state.sources(), sources, policy);
        List<String> doomedRedirects = doomed(state.redirects(), redirects, policy);
        commands.addAll(deletions(doomedSources, DISPATCH, DISPATCH6));
        commands.addAll(deletions(doomedRedirects, DNS_SOURCES, DNS_SOURCES6));
        Set<String> doomed = new TreeSet<>(doomedSources);
        doomed.addAll(doomedRedirects);
        // another container whose only address this one took over has no way into its chains left
        owners.forEach((owner, addresses) -> {
            if (!owner.equals(container) && !addresses.isEmpty() && doomed.containsAll(addresses)) {
                commands.addAll(removal(owner, state));
            }
        });
        if (empty) {
            commands.addAll(removal(container, state));
            return String.join("\n", commands) + "\n";
        }
        commands.add("add chain inet " + table + " " + chain);
        commands.add("flush chain inet " + table + " " + chain);
        Set<String> wantedSets = new TreeSet<>();
        if (dns.isPresent()) {
            // created when missing, never flushed: what was admitted stays reachable across a new policy
            String admitted = set(container, ADMITTED);
            wantedSets.addAll(List.of(admitted, admitted + IPV6_SET));
            commands.add("add set inet " + table + " " + admitted + " { type ipv4_addr; flags timeout; }");
            commands.add("add set inet " + table + " " + admitted + IPV6_SET + " { type ipv6_addr; flags timeout; }");
            commands.add("add rule inet " + table + " " + chain + " ip daddr @" + admitted + " counter accept");
            commands.add("add rule inet " + table + " " + chain + " ip6 daddr @" + admitted + IPV6_SET
                    + " counter accept");
        }
        for (int step = 0; step < policy.rules().size(); step++) {
            NetworkRule rule = policy.rules().get(step);
            String verdict = rule.verdict() == NetworkRule.Verdict.ALLOW ? "accept" : "reject";
            if (rule.everywhere()) {
                commands.add("add rule inet " + table + " " + chain + " counter " + verdict);
                continue;
            }
            if (!rule.ipv4Destinations().isEmpty()) {
                String set = set(container, step);
                wantedSets.add(set);
                commands.addAll(step(chain, set, "ipv4_addr", "ip", rule.ipv4Destinations(), verdict));
            }
            // without an IPv6 address the container sends no IPv6 through the host: its IPv6 destinations match nothing
            if (policy.ipv6Address().isPresent() && !rule.ipv6Destinations().isEmpty()) {
                String set = set(container, step) + IPV6_SET;
                wantedSets.add(set);
                commands.addAll(step(chain, set, "ipv6_addr", "ip6", rule.ipv6Destinations(), verdict));
            }
        }
        ownSets(container, state).stream().filter(set -> !wantedSets.contains(set))
                .forEach(set -> commands.add("delete set inet " + table + " " + set));
        commands.add("add element inet " + table + " " + DISPATCH + " { " + policy.address() + " : jump " + chain + " }");
        policy.ipv6Address().ifPresent(address -> commands.add("add element inet " + table + " " + DISPATCH6 + " { "
                + address + " : jump " + chain + " }"));
        dns.ifPresent(redirect -> commands.addAll(redirection(policy, redirect)));
        Set<String> wantedChains = new TreeSet<>(redirects.values());
        for (String suffix : List.of(DNAT, REFUSE6)) {
            String own = chain(container, suffix);
            if (state.chains().contains(own) && !wantedChains.contains(own)) {
                commands.addAll(chainRemoval(own));
            }
        }
        return String.join("\n", commands) + "\n";
    }

    /**
     * The map elements to delete: those of the container that the new policy does not have, and those of any owner
     * for an address of the policy.
     */
    private static List<String> doomed(Map<String, String> current, Map<String, String> wanted, NetworkPolicy policy) {
        List<String> doomed = new ArrayList<>();
        current.forEach((address, target) -> {
            boolean own = owner(target).equals(Optional.of(policy.container()));
            if (own ? !target.equals(wanted.get(address)) : policy.addresses().contains(address)) {
                doomed.add(address);
            }
        });
        return doomed;
    }

    /** The container's DNS queries over IPv4 go to the resolver, those to the host over IPv6 are rejected. */
    private List<String> redirection(NetworkPolicy policy, DnsRedirect redirect) {
        List<String> commands = new ArrayList<>();
        String dnat = chain(policy.container(), DNAT);
        commands.add("add chain inet " + table + " " + dnat);
        commands.add("flush chain inet " + table + " " + dnat);
        commands.add("add rule inet " + table + " " + dnat + " " + DNS_QUERY + " dnat ip to " + redirect.address()
                + ":" + redirect.port());
        commands.add("add element inet " + table + " " + DNS_SOURCES + " { " + policy.address() + " : jump " + dnat
                + " }");
        policy.ipv6Address().ifPresent(address -> {
            String refuse = chain(policy.container(), REFUSE6);
            commands.add("add chain inet " + table + " " + refuse);
            commands.add("flush chain inet " + table + " " + refuse);
            commands.add("add rule inet " + table + " " + refuse + " " + DNS_QUERY + " counter reject");
            commands.add("add element inet " + table + " " + DNS_SOURCES6 + " { " + address + " : jump " + refuse
                    + " }");
        });
        return commands;
    }

    /**
     * The one transaction that gives each address its lifetime in the container's admitted set of its family:
     * {@code add element} may leave the timeout of an element that is there (the kernel decides), so each element is
     * added without one (which makes sure it is there), deleted and added again with the new timeout.
     */
    String admit(String container, List<String> addresses, long seconds) {
        List<String> commands = new ArrayList<>();
        String admitted = set(container, ADMITTED);
        List<String> ipv4 = addresses.stream().filter(address -> !NetworkRule.isIpv6(address)).toList();
        List<String> ipv6 = addresses.stream().filter(NetworkRule::isIpv6).toList();
        commands.addAll(admission(admitted, ipv4, seconds));
        commands.addAll(admission(admitted + IPV6_SET, ipv6, seconds));
        return String.join("\n", commands) + "\n";
    }

    private List<String> admission(String set, List<String> addresses, long seconds) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        String elements = String.join(", ", addresses);
        String timed = addresses.stream().map(address -> address + " timeout " + seconds + "s")
                .collect(Collectors.joining(", "));
        return List.of(
                "add element inet " + table + " " + set + " { " + elements + " }",
                "delete element inet " + table + " " + set + " { " + elements + " }",
                "add element inet " + table + " " + set + " { " + timed + " }");
    }

    private List<String> step(String chain, String set, String type, String family, List<String> destinations,
            String verdict) {
        return List.of(
                "add set inet " + table + " " + set + " { type " + type + "; flags interval; auto-merge; }",
                "flush set inet " + table + " " + set,
                "add element inet " + table + " " + set + " { " + String.join(", ", destinations) + " }",
                "add rule inet " + table + " " + chain + " " + family + " daddr @" + set + " counter " + verdict);
    }

    /** Takes the addresses out of the map of their family. */
    private List<String> deletions(List<String> addresses, String map, String map6) {
        List<String> commands = new ArrayList<>();
        List<String> ipv4 = addresses.stream().filter(address -> !NetworkRule.isIpv6(address)).toList();
        List<String> ipv6 = addresses.stream().filter(NetworkRule::isIpv6).toList();
        if (!ipv4.isEmpty()) {
            commands.add("delete element inet " + table + " " + map + " { " + String.join(", ", ipv4) + " }");
        }
        if (!ipv6.isEmpty()) {
            commands.add("delete element inet " + table + " " + map6 + " { " + String.join(", ", ipv6) + " }");
        }
        return commands;
    }

    /** The one transaction that removes all the container owns; empty when it owns nothing. */
    Optional<String> release(String container, TableState state) {
        List<String> commands = new ArrayList<>(deletions(ownAddresses(container, state.sources()), DISPATCH, DISPATCH6));
        commands.addAll(deletions(ownAddresses(container, state.redirects()), DNS_SOURCES, DNS_SOURCES6));
        commands.addAll(removal(container, state));
        return commands.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", commands) + "\n");
    }

    private static List<String> ownAddresses(String container, Map<String, String> map) {
        return map.entrySet().stream().filter(source -> owner(source.getValue()).equals(Optional.of(container)))
                .map(Map.Entry::getKey).toList();
    }

    /** Every container that owns a chain, a set or an address in the table, with its addresses. */
    Map<String, Set<String>> owners(TableState state) {
        Map<String, Set<String>> owners = new TreeMap<>();
        state.chains().stream().map(CoiTable::owner).flatMap(Optional::stream)
                .forEach(owner -> owners.computeIfAbsent(owner, name -> new TreeSet<>()));
        state.sets().stream().map(CoiTable::setOwner).flatMap(Optional::stream)
                .forEach(owner -> owners.computeIfAbsent(owner, name -> new TreeSet<>()));
        for (Map<String, String> map : List.of(state.sources(), state.redirects())) {
            map.forEach((address, target) -> owner(target)
                    .ifPresent(owner -> owners.computeIfAbsent(owner, name -> new TreeSet<>()).add(address)));
        }
        owners.replaceAll((owner, addresses) -> Collections.unmodifiableSet(addresses));
        return Collections.unmodifiableMap(owners);
    }

    /**
     * Creates what every container's policy hangs off, or finds it there; re-adding the dispatch rule after a
     * flush, in the same transaction, keeps it single however many coi processes race to create the table.
     */
    private List<String> skeleton() {
        return List.of(
                "add table inet " + table,
                "add chain inet " + table + " " + FORWARD + " { type filter hook forward priority " + PRIORITY
                        + "; policy accept; }",
                "add map inet " + table + " " + DISPATCH + " { type ipv4_addr : verdict; }",
                "add map inet " + table + " " + DISPATCH6 + " { type ipv6_addr : verdict; }",
                "add chain inet " + table + " " + FORWARD6 + " { type filter hook forward priority " + PRIORITY
                        + "; policy accept; }",
                "flush chain inet " + table + " " + FORWARD,
                "add rule inet " + table + " " + FORWARD + " ip saddr vmap @" + DISPATCH,
                "flush chain inet " + table + " " + FORWARD6,
                "add rule inet " + table + " " + FORWARD6 + " ip6 saddr vmap @" + DISPATCH6);
    }

    /**
     * What policies that follow DNS hang off, created with the first of them: the nat chain that looks up where a
     * container's DNS queries go, and the input chain that looks up whether its IPv6 ones to the host are refused.
     */
    private List<String> dnsSkeleton() {
        return List.of(
                "add chain inet " + table + " " + DNS + " { type nat hook prerouting priority " + DNAT_PRIORITY
                        + "; policy accept; }",
                "add map inet " + table + " " + DNS_SOURCES + " { type ipv4_addr : verdict; }",
                "add chain inet " + table + " " + DNS6 + " { type filter hook input priority " + PRIORITY
                        + "; policy accept; }",
                "add map inet " + table + " " + DNS_SOURCES6 + " { type ipv6_addr : verdict; }",
                "flush chain inet " + table + " " + DNS,
                "add rule inet " + table + " " + DNS + " ip saddr vmap @" + DNS_SOURCES,
                "flush chain inet " + table + " " + DNS6,
                "add rule inet " + table + " " + DNS6 + " ip6 saddr vmap @" + DNS_SOURCES6);
    }

    /** Removes the container's chains and sets, whose map elements must be gone earlier in the transaction. */
    private List<String> removal(String container, TableState state) {
        List<String> commands = new ArrayList<>();
        for (String chain : chains(container)) {
            if (state.chains().contains(chain)) {
                commands.addAll(chainRemoval(chain));
            }
        }
        ownSets(container, state).forEach(set -> commands.add("delete set inet " + table + " " + set));
        return commands;
    }

    private List<String> chainRemoval(String chain) {
        return List.of("flush chain inet " + table + " " + chain, "delete chain inet " + table + " " + chain);
    }

    private static Set<String> ownSets(String container, TableState state) {
        return state.sets().stream().filter(set -> setOwner(set).equals(Optional.of(container)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The container's chains, in the order its traffic meets them: its policy, then its DNS redirect and refusal. */
    static List<String> chains(String container) {
        return List.of(chain(container), chain(container, DNAT), chain(container, REFUSE6));
    }

    /** The container's timeout sets of admitted addresses, IPv4 then IPv6. */
    static List<String> admittedSets(String container) {
        String admitted = set(container, ADMITTED);
        return List.of(admitted, admitted + IPV6_SET);
    }

    static String chain(String container) {
        return PREFIX + container;
    }

    private static String chain(String container, String suffix) {
        return PREFIX + container + suffix;
    }

    static String set(String container, int step) {
        return set(container, String.valueOf(step));
    }

    private static String set(String container, String part) {
        return PREFIX + container + "_" + part;
    }

    /** {@code ctr_<container>}, {@code ctr_<container>_dnat} or {@code ctr_<container>_refuse6}. */
    private static Optional<String> owner(String chain) {
        Matcher name = CHAIN.matcher(chain);
        return name.matches() ? Optional.of(name.group(1)) : Optional.empty();
    }

    /** {@code ctr_<container>_<step>}, {@code ctr_<container>_dns}, each with {@code v6} for IPv6. */
    private static Optional<String> setOwner(String set) {
        Matcher name = SET.matcher(set);
        return name.matches() ? Optional.of(name.group(1)) : Optional.empty();
    }
}
