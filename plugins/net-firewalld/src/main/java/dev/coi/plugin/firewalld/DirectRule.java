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
 * @param family for example {@code ipv4}
 * @param table for example {@code filter}
 * @param chain for example {@code FORWARD}
 * @param priority the position among the chain's direct rules, lowest first
 * @param args the iptables arguments
 */
record DirectRule(String family, String table, String chain, int priority, List<String> args) {

    /** Marks coi's rules and names their container: the comment is all that survives a restart of coi. */
    static final String OWNER_PREFIX = "coi:";
    private static final String HOST_PREFIX = "/32";

    DirectRule {
        args = List.copyOf(args);
    }

    /**
     * The rule coi adds for one step of a policy.
     *
     * @param policy the policy
     * @param index the step's position in the policy, which becomes the priority so that the first match wins
     */
    static DirectRule of(NetworkPolicy policy, int index) {
        NetworkRule rule = policy.rules().get(index);
        List<String> args = new ArrayList<>(List.of("-s", policy.address() + HOST_PREFIX));
        if (!rule.everywhere()) {
            // One rule for all destinations: iptables expands the list, and each firewall-cmd call is slow.
            args.addAll(List.of("-d", String.join(",", rule.destinations())));
        }
        args.addAll(List.of("-m", "comment", "--comment", OWNER_PREFIX + policy.container(),
                "-j", rule.verdict() == NetworkRule.Verdict.ALLOW ? "ACCEPT" : "REJECT"));
        return new DirectRule("ipv4", "filter", "FORWARD", index, args);
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

    /** The container that owns the rule, when coi added it to the forward chain; other rules are never touched. */
    Optional<String> owner() {
        if (!family.equals("ipv4") || !table.equals("filter") || !chain.equals("FORWARD")) {
            return Optional.empty();
        }
        return after("--comment").filter(comment -> comment.startsWith(OWNER_PREFIX))
                .map(comment -> comment.substring(OWNER_PREFIX.length()));
    }

    /** The source address the rule is scoped to, without the {@code /32}. */
    Optional<String> source() {
        return after("-s").map(source -> source.endsWith(HOST_PREFIX)
                ? source.substring(0, source.length() - HOST_PREFIX.length()) : source);
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
