package dev.coi.kernel.network;

import java.util.ArrayList;
import java.util.List;

/**
 * The firewalld direct rules on this host, read with {@code firewall-cmd --direct --get-all-rules}; coi's carry the
 * comment {@code coi:<container>}, and the owner is the token after {@code --comment}.
 */
final class DirectRules {

    private static final String OWNER_PREFIX = "coi:";

    private DirectRules() {
    }

    /** @return every direct rule owned by a coi container */
    static List<String> coiRules() {
        return all().stream().filter(rule -> owner(rule) != null).toList();
    }

    /** @return the direct rules owned by exactly this container */
    static List<String> ownedBy(String container) {
        return all().stream().filter(rule -> container.equals(owner(rule))).toList();
    }

    /** @return the direct rules owned by a container whose name starts with the prefix */
    static List<String> ownedByPrefix(String prefix) {
        return all().stream().filter(rule -> {
            String owner = owner(rule);
            return owner != null && owner.startsWith(prefix);
        }).toList();
    }

    /**
     * Fails if a container with the prefix still owns a rule, after removing those rules so that the failure
     * leaves nothing behind on the machine; other owners' coi rules are only named (they may belong to tests
     * that run beside these).
     */
    static void assertNoneLeft(String prefix) {
        List<String> leaked = ownedByPrefix(prefix);
        List<String> others = coiRules().stream().filter(rule -> !leaked.contains(rule)).toList();
        if (!others.isEmpty()) {
            System.err.println("coi rules of other containers on this host:\n  " + String.join("\n  ", others));
        }
        for (String rule : leaked) {
            List<String> command = new ArrayList<>(List.of("firewall-cmd", "--direct", "--remove-rule"));
            command.addAll(List.of(rule.strip().split("\\s+")));
            HostCommand.attemptAsRoot(command.toArray(String[]::new));
        }
        if (!leaked.isEmpty()) {
            throw new AssertionError("coi left firewalld rules of its containers behind (now removed by the"
                    + " test):\n  " + String.join("\n  ", leaked));
        }
    }

    /** Removes the container's rules behind coi's back, as a firewalld reload does. */
    static void removeOwnedBy(String container) {
        ownedBy(container).forEach(DirectRules::remove);
    }

    private static void remove(String rule) {
        List<String> command = new ArrayList<>(List.of("firewall-cmd", "--direct", "--remove-rule"));
        command.addAll(List.of(rule.strip().split("\\s+")));
        HostCommand.runAsRoot(command.toArray(String[]::new));
    }

    private static List<String> all() {
        return HostCommand.runAsRoot("firewall-cmd", "--direct", "--get-all-rules").lines()
                .filter(line -> !line.isBlank()).toList();
    }

    private static String owner(String rule) {
        String[] words = rule.split("\\s+");
        for (int i = 0; i < words.length - 1; i++) {
            if (words[i].equals("--comment") && words[i + 1].startsWith(OWNER_PREFIX)) {
                return words[i + 1].substring(OWNER_PREFIX.length());
            }
        }
        return null;
    }
}
