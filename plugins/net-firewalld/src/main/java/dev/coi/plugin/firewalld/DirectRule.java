package dev.coi.plugin.firewalld;

import dev.coi.api.NetworkPolicy;
import dev.coi.api.NetworkRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One firewalld direct rule: what {@code firewall-cmd --direct --get-all-rules} prints per line and what
 * {@code --add-rule} and {@code --remove-rule} take. firewalld tells rules apart by all five parts, the
 * priority included.
 *
 * @param family {@code ipv4} or {@code ipv6}
 * @param table for example {@code filter}
 * @param chain for example {@code FORWARD}
 * @param priority the position among the chain's direct rules, lowest first
 * @param args the iptables arguments
 */
record DirectRule(String family, String table, String chain, int priority, List<String> args) {

    /** Marks coi's rules and names their container: the comment is all that survives a restart of coi. */
    static final String OWNER_PREFIX = "coi:";
    private static final String HOST_PREFIX = "/32";
    private static final String IPV6_HOST_PREFIX = "/128";
    private static final String IPV4 = "ipv4";
    private static final String IPV6 = "ipv6";

    DirectRule {
        args = List.copyOf(args);
    }

    /**
     * The rules coi adds for one step of a policy: one per address family the step applies to, an IPv4 rule for
     * what the container sends from its IPv4 address, an IPv6 one for what it sends from its IPv6 address. A step
     * whose destinations are all of one family has no rule in the other, which it must not match.
     *
     * @param policy the policy
     * @param index the step's position in the policy, which becomes the priority so that the first match wins
     */
    static List<DirectRule> of(NetworkPolicy policy, int index) {
        NetworkRule rule = policy.rules().get(index);
        List<DirectRule> rules = new ArrayList<>();
        if (rule.everywhere() || !rule.ipv4Destinations().isEmpty()) {
            rules.add(family(IPV4, policy.address() + HOST_PREFIX, rule.ipv4Destinations(), policy, index, List.of()));
        }
        policy.ipv6Address().filter(address -> rule.everywhere() || !rule.ipv6Destinations().isEmpty())
                .ifPresent(address -> rules.add(family(IPV6, address + IPV6_HOST_PREFIX, rule.ipv6Destinations(),
                        policy, index, List.of("--reject-with", "icmp6-adm-prohibited"))));
        return rules;
    }

    private static DirectRule family(String family, String source, List<String> destinations, NetworkPolicy policy,
            int index, List<String> rejectWith) {
        NetworkRule rule = policy.rules().get(index);
        List<String> args = new ArrayList<>(List.of("-s", source));
        if (!rule.everywhere()) {
            // One rule for all destinations: iptables expands the list, and each firewall-cmd call is slow.
            args.addAll(List.of("-d", String.join(",", destinations)));
        }
        args.addAll(List.of("-m", "comment", "--comment", OWNER_PREFIX + policy.container()));
        if (rule.verdict() == NetworkRule.Verdict.ALLOW) {
            args.addAll(List.of("-j", "ACCEPT"));
        } else {
            args.addAll(List.of("-j", "REJECT"));
            args.addAll(rejectWith);
        }
        return new DirectRule(family, "filter", "FORWARD", index, args);
    }

    /** Reads one line of {@code --get-all-rules}; empty for anything that is not a rule. */
    static Optional<DirectRule> parse(String line) {
        String[] words = line.strip().split("\\s+");
        if (words.length < 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DirectRule(words[0], words[1], words[2], Integer.parseInt(words[3]),
                    Arrays.asList(words).subList(4, words.length)));
        } catch (NumberFormatException notARule) {
            return Optional.empty();
        }
    }

    /**
     * The container that owns the rule, when coi added it to the forward chain of either family; other rules are
     * never touched.
     */
    Optional<String> owner() {
        if (!(family.equals(IPV4) || family.equals(IPV6)) || !table.equals("filter") || !chain.equals("FORWARD")) {
            return Optional.empty();
        }
        return after("--comment").filter(comment -> comment.startsWith(OWNER_PREFIX))
                .map(comment -> comment.substring(OWNER_PREFIX.length()));
    }

    /** The source address the rule is scoped to, without the {@code /32} or {@code /128}. */
    Optional<String> source() {
        String host = family.equals(IPV6) ? IPV6_HOST_PREFIX : HOST_PREFIX;
        return after("-s").map(source -> source.endsWith(host) ? source.substring(0, source.length() - host.length())
                : source);
    }

    /** The arguments firewall-cmd takes after {@code --add-rule} or {@code --remove-rule}. */
    List<String> words() {
        return Stream.concat(Stream.of(family, table, chain, Integer.toString(priority)), args.stream()).toList();
    }

    @Override
    public String toString() {
        return String.join(" ", words());
    }

    private Optional<String> after(String option) {
        int at = args.indexOf(option);
        return at < 0 || at + 1 >= args.size() ? Optional.empty() : Optional.of(args.get(at + 1));
    }
}
