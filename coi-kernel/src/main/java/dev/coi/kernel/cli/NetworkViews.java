package dev.coi.kernel.cli;

import dev.coi.api.NetworkMode;
import dev.coi.kernel.network.NetworkView;
import dev.coi.kernel.network.NetworkView.RulesState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        if (view.mode() == NetworkMode.ALLOWLIST) {
            lines.add("Allowed:");
            int width = view.allowed().stream().mapToInt(allowed -> allowed.entry().length()).max().orElse(0);
            view.allowed().forEach(allowed -> lines.add("  " + pad(allowed.entry(), width) + "  "
                    + (allowed.addresses().isEmpty() ? "(did not resolve: blocked)"
                            : String.join(", ", allowed.addresses()))));
            lines.add("Resolved:  " + view.resolvedAt() + view.nextRefresh()
                    .map(next -> ", again at " + next + " while the container runs")
                    .orElse(", not again (network.refresh_interval_minutes is 0)"));
        }
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
        return json;
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
