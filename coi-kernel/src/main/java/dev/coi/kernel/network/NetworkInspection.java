package dev.coi.kernel.network;

import dev.coi.api.NetworkBackend;
import dev.coi.api.NetworkMode;
import dev.coi.api.NetworkPolicy;
import dev.coi.api.PortException;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.incus.ContainerRuntime;
import dev.coi.kernel.network.NetworkView.Allowed;
import dev.coi.kernel.network.NetworkView.Firewall;
import dev.coi.kernel.network.NetworkView.RulesState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds the {@link NetworkView} of a container from its record, the runtime and the backend; changes nothing. */
final class NetworkInspection {

    private static final String REPAIR = "until they are back the container is not filtered as recorded; coi's keeper"
            + " puts them back within 30 s while it runs (its log: ~/.coi/logs/keeper.log); if they stay wrong, end the"
            + " session ('coi shutdown %s')";

    private final ContainerRuntime incus;
    private final NetworkBackends backends;
    private final NetworkRecords records;

    NetworkInspection(ContainerRuntime incus, NetworkBackends backends, NetworkRecords records) {
        this.incus = incus;
        this.backends = backends;
        this.records = records;
    }

    /**
     * @throws CoiException when the container does not exist or coi has no network record of it
     */
    NetworkView of(String container) {
        if (incus.instance(container).isEmpty()) {
            throw CoiException.failure("no container " + container + ": 'coi list' shows the session containers");
        }
        NetworkRecord record = records.find(container).orElseThrow(() -> CoiException.failure("container " + container
                + " has no coi network record in " + records.folder() + ": coi filters none of its traffic (it was"
                + " started in open mode, or not by coi); to filter it, start a session with --network=restricted"));
        NetworkPolicy policy = NetworkPolicies.of(record, NetworkDuty.allowed(record));
        List<String> rules = new ArrayList<>();
        // the backend accepts what the resolver admitted before any rule
        policy.dns().ifPresent(redirect -> rules.add("allow the addresses coi's resolver admitted"));
        policy.rules().stream()
                .map(rule -> rule.verdict().name().toLowerCase(Locale.ROOT) + " "
                        + (rule.everywhere() ? "everything else" : String.join(", ", rule.destinations())))
                .forEach(rules::add);
        NetworkBackend backend;
        try {
            backend = backends.forRecord(record);
        } catch (CoiException e) {
            return view(record, Optional.ofNullable(record.backend()), rules, Set.of(), RulesState.UNKNOWN,
                    "the backend of its rules cannot be used here, so the container is not filtered: "
                            + e.getMessage(), Firewall.unsaid());
        }
        Set<String> inForce;
        try {
            inForce = backend.owners(backends.host()).getOrDefault(container, Set.of());
        } catch (PortException e) {
            return view(record, Optional.of(backend.name()), rules, Set.of(), RulesState.UNKNOWN,
                    backend.name() + " could not be read: " + e.getMessage(), Firewall.unsaid());
        }
        String name = backend.name();
        Firewall firewall = firewall(backend, container);
        if (inForce.isEmpty() && policy.rules().isEmpty() && policy.dns().isEmpty()) {
            return view(record, Optional.of(name), rules, inForce, RulesState.NONE_NEEDED,
                    "the recorded settings switch every part of " + record.mode().configName() + " mode off", firewall);
        }
        if (inForce.isEmpty()) {
            return view(record, Optional.of(name), rules, inForce, RulesState.MISSING, name + " has no rules of "
                    + container + "; " + REPAIR.formatted(container), firewall);
        }
        String recorded = String.join(", ", record.addresses());
        if (!inForce.equals(Set.copyOf(record.addresses()))) {
            return view(record, Optional.of(name), rules, inForce, RulesState.OTHER_ADDRESS, name + "'s rules of "
                    + container + " are scoped to " + String.join(", ", inForce) + ", not to its recorded address"
                    + (record.addresses().size() > 1 ? "es " : " ") + recorded + "; " + REPAIR.formatted(container),
                    firewall);
        }
        return view(record, Optional.of(name), rules, inForce, RulesState.IN_FORCE,
                name + " has rules of " + container + " for " + recorded, firewall);
    }

    /** Showing what the firewall holds must not fail the command, whatever the backend does. */
    private Firewall firewall(NetworkBackend backend, String container) {
        try {
            return new Firewall(backend.inspect(container, backends.host()), Optional.empty());
        } catch (PortException e) {
            return new Firewall(Optional.empty(), Optional.of(e.getMessage()));
        } catch (RuntimeException e) {
            return new Firewall(Optional.empty(), Optional.of("the " + backend.name() + " backend failed: " + e));
        }
    }

    private static NetworkView view(NetworkRecord record, Optional<String> backend, List<String> rules,
            Set<String> inForce, RulesState state, String detail, Firewall firewall) {
        Instant resolvedAt = Instant.parse(record.resolvedAt());
        boolean names = record.entries().stream().anyMatch(AllowlistEntry::isName);
        Optional<Instant> nextRefresh = record.mode() == NetworkMode.ALLOWLIST && names && record.refreshMinutes() > 0
                ? Optional.of(resolvedAt.plusSeconds(record.refreshMinutes() * 60L))
                : Optional.empty();
        return new NetworkView(record.container(), record.mode(), backend, record.address(), rules, inForce,
                allowed(record), resolvedAt, nextRefresh, state, detail, record.dnsRoute().map(route -> route.listen()
                        + ":" + route.port() + ", asking " + String.join(", ", route.upstreams())), firewall);
    }

    private static List<Allowed> allowed(NetworkRecord record) {
        Map<String, List<String>> names = record.names();
        return record.allowed().stream().map(entry -> {
            AllowlistEntry parsed = AllowlistEntry.parse(entry);
            return new Allowed(entry, parsed.isName() ? names.getOrDefault(parsed.text(), List.of())
                    : List.of(parsed.cidr()));
        }).toList();
    }
}
