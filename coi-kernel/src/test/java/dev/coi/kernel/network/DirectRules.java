package dev.coi.kernel.network;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The firewalld direct rules on this host, read with {@code firewall-cmd --direct --get-all-rules} (both families:
 * {@code ipv4 filter FORWARD ...} and {@code ipv6 filter FORWARD ...}); coi's carry the comment
 * {@code coi:<container>}, and the owner is the token after {@code --comment}.
 */
final class DirectRules implements BackendRules {

    private static final String OWNER_PREFIX = "coi:";

    @Override
    public String name() {
        return "firewalld";
    }

    @Override
    public List<String> coiRules() {
        return all().stream().filter(rule -> owner(rule) != null).toList();
    }

    @Override
    public List<String> ownedBy(String container) {
        return all().stream().filter(rule -> container.equals(owner(rule))).toList();
    }

    @Override
    public Set<String> sources(String container) {
        return arguments(container, "-s").stream().map(source -> source.replaceAll("/(32|128)$", "")).collect(
                java.util.stream.Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public Set<String> destinations(String container) {
        Set<String> destinations = new LinkedHashSet<>();
        arguments(container, "-d").forEach(list -> destinations.addAll(List.of(list.split(","))));
        return destinations;
    }

    private List<String> arguments(String container, String option) {
        List<String> values = new ArrayList<>();
        for (String rule : ownedBy(container)) {
            String[] words = rule.strip().split("\\s+");
            for (int i = 0; i < words.length - 1; i++) {
                if (words[i].equals(option)) {
                    values.add(words[i + 1]);
                }
            }
        }
        return values;
    }

    private List<String> ownedByPrefix(String prefix) {
        return all().stream().filter(rule -> {
            String owner = owner(rule);
            return owner != null && owner.startsWith(prefix);
        }).toList();
    }

    @Override
    public void assertNoneLeft(String prefix) {
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

    @Override
    public void removeOwnedBy(String container) {
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
