package dev.coi.kernel.cli;

import dev.coi.api.NetworkMode;
import dev.coi.api.RulesInForce;
import dev.coi.api.RulesInForce.Admitted;
import dev.coi.kernel.network.NetworkView;
import dev.coi.kernel.network.NetworkView.RulesState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How {@code coi network show} prints a {@link NetworkView}. */
final class NetworkViews {

    private static final String NONE = "none available";

    private NetworkViews() {
    }

    /** Whether the backend's rules are those the record calls for. */
    static boolean filteredAsRecorded(NetworkView view) {
        return view.state() == RulesState.IN_FORCE || view.state() == RulesState.NONE_NEEDED;
    }

    static List<String> text(NetworkView view) {
        List<String> lines = new ArrayList<>();
        lines.add("Container: " + view.container());
        lines.add("Mode:      " + view.mode().configName());
        lines.add("Backend:   " + view.backend().orElse(NONE));
        lines.add("Address:   " + view.address());
        lines.add("Rules (first match wins; traffic no rule matches passes):");
        if (view.rules().isEmpty()) {
            lines.add("  none");
        }
        view.rules().forEach(rule -> lines.add("  " + rule));
        lines.add("In force:  " + state(view.state()) + " - " + view.detail());
        Optional<RulesInForce> held = view.firewall().held();
        view.firewall().unread().ifPresent(why -> lines.add("In the firewall: could not be read: " + why));
        held.ifPresent(rules -> {
            lines.add("In the firewall (counters since the rules were last put in place):");
            if (rules.rules().isEmpty()) {
                lines.add("  none");
            }
            rules.rules().forEach(rule -> lines.add("  " + rule));
        });
        if (view.mode() == NetworkMode.ALLOWLIST) {
            lines.add("Allowed:");
            int width = view.allowed().stream().mapToInt(allowed -> allowed.entry().length()).max().orElse(0);
            view.allowed().forEach(allowed -> lines.add("  " + pad(allowed.entry(), width) + "  "
                    + (!allowed.addresses().isEmpty() ? String.join(", ", allowed.addresses())
                            : view.resolver().isPresent() ? "(what it resolves to when the container asks)"
                            : "(did not resolve: blocked)")));
            if (view.resolver().isPresent()) {
                lines.add("Resolver:  " + view.resolver().get() + " (coi's, in the keeper)");
            } else {
                lines.add("Resolved:  " + view.resolvedAt() + view.nextRefresh()
                        .map(next -> ", again at " + next + " while the container runs")
                        .orElse(", not again (network.refresh_interval_minutes is 0)"));
            }
        }
        held.filter(rules -> view.resolver().isPresent() || !rules.admitted().isEmpty()).ifPresent(rules -> {
            lines.add("Admitted by DNS:");
            if (rules.admitted().isEmpty()) {
                lines.add("  none now");
            }
            int width = rules.admitted().stream().mapToInt(admitted -> admitted.address().length()).max().orElse(0);
            rules.admitted().forEach(admitted -> lines.add("  " + pad(admitted.address(), width) + "  expires in "
                    + remaining(admitted.remaining())));
        });
        return lines;
    }

    static Map<String, Object> json(NetworkView view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("container", view.container());
        json.put("mode", view.mode().configName());
        json.put("backend", view.backend().orElse(null));
        json.put("address", view.address());
        json.put("rules", view.rules());
        json.put("state", view.state().name().toLowerCase(Locale.ROOT));
        json.put("rules_in_force_for", view.inForce().stream().sorted().toList());
        json.put("detail", view.detail());
        boolean allowlist = view.mode() == NetworkMode.ALLOWLIST;
        json.put("allowed", view.allowed().stream().map(allowed -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("entry", allowed.entry());
            entry.put("addresses", allowed.addresses());
            return entry;
        }).toList());
        json.put("resolved_at", allowlist ? view.resolvedAt().toString() : null);
        json.put("next_refresh", view.nextRefresh().map(Object::toString).orElse(null));
        json.put("resolver", view.resolver().orElse(null));
        Optional<RulesInForce> held = view.firewall().held();
        json.put("firewall_rules", held.map(RulesInForce::rules).orElse(null));
        json.put("admitted", held.map(rules -> rules.admitted().stream().map(NetworkViews::admitted).toList())
                .orElse(null));
        json.put("firewall_read_error", view.firewall().unread().orElse(null));
        return json;
    }

    private static Map<String, Object> admitted(Admitted admitted) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("address", admitted.address());
        json.put("expires_in_seconds", admitted.remaining().toSeconds());
        return json;
    }

    /** "54 s", "9 min 58 s", "23 h 59 min": an admission lasts from seconds to a day. */
    private static String remaining(Duration left) {
        long seconds = left.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    private static String state(RulesState state) {
        return switch (state) {
            case IN_FORCE -> "yes";
            case NONE_NEEDED -> "none needed";
            case MISSING -> "NO, rules missing";
            case OTHER_ADDRESS -> "NO, rules for another address";
            case UNKNOWN -> "unknown";
        };
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
