package dev.coi.kernel.cli;

import dev.coi.api.HealthResult.Status;
import dev.coi.kernel.health.CheckOutcome;
import dev.coi.kernel.health.HealthReport;
import dev.coi.kernel.health.HealthSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jline.jansi.Ansi;

/**
 * The report as people read it: checks grouped by section, one line each ({@code [OK]}, {@code [WARN]},
 * {@code [FAIL]}), the fix under every warning and failure, and a closing verdict.
 */
final class HealthText {

    /** The reference tool's section order; sections plugins add come after these. */
    private static final List<String> SECTIONS = List.of("SYSTEM", "CRITICAL", "NETWORKING", "MONITORING", "STORAGE",
            "CONFIGURATION", "STATUS", "OPTIONAL", "OTHER");
    private static final String INDENT = "  ";

    private HealthText() {
    }

    static List<String> lines(HealthReport report, boolean verbose, boolean colors) {
        int nameWidth = report.checks().stream().mapToInt(check -> check.name().length()).max().orElse(0);
        String continuation = INDENT + " ".repeat(6 + 1 + nameWidth + 2);
        List<String> lines = new ArrayList<>();
        Map<String, List<CheckOutcome>> bySection = bySection(report.checks());
        for (Map.Entry<String, List<CheckOutcome>> section : bySection.entrySet()) {
            lines.add(section.getKey());
            for (CheckOutcome check : section.getValue()) {
                lines.add(INDENT + tag(check.result().status(), colors) + " "
                        + String.format(Locale.ROOT, "%-" + nameWidth + "s", check.name()) + ": "
                        + check.result().message());
                if (!check.result().fix().isEmpty()) {
                    lines.add(continuation + "fix: " + check.result().fix());
                }
                if (verbose) {
                    new TreeMap<>(check.result().details()).forEach((key, value) ->
                            lines.add(continuation + key + ": " + value));
                }
            }
            lines.add("");
        }
        lines.add("STATUS: " + report.status().name());
        lines.add(verdict(report.summary()));
        return lines;
    }

    private static Map<String, List<CheckOutcome>> bySection(List<CheckOutcome> checks) {
        Set<String> order = new LinkedHashSet<>(SECTIONS);
        checks.forEach(check -> order.add(check.category()));
        Map<String, List<CheckOutcome>> sections = new LinkedHashMap<>();
        for (String section : order) {
            List<CheckOutcome> inSection = checks.stream().filter(check -> check.category().equals(section)).toList();
            if (!inSection.isEmpty()) {
                sections.put(section, inSection);
            }
        }
        return sections;
    }

    /** Padded before it is colored, so that the escape codes do not count towards the width. */
    private static String tag(Status status, boolean colors) {
        String padded = String.format(Locale.ROOT, "%-6s", switch (status) {
            case OK -> "[OK]";
            case WARNING -> "[WARN]";
            case FAILED -> "[FAIL]";
        });
        if (!colors) {
            return padded;
        }
        Ansi ansi = Ansi.ansi();
        ansi = switch (status) {
            case OK -> ansi.fgGreen();
            case WARNING -> ansi.fgYellow();
            case FAILED -> ansi.fgRed().bold();
        };
        return ansi.a(padded).reset().toString();
    }

    private static String verdict(HealthSummary summary) {
        if (summary.failed() > 0) {
            return summary.failed() + " of " + summary.total() + " checks failed"
                    + (summary.warnings() > 0 ? ", " + warnings(summary.warnings()) : "");
        }
        if (summary.warnings() > 0) {
            return summary.passed() + " checks passed with " + warnings(summary.warnings());
        }
        return "All " + summary.total() + " checks passed";
    }

    private static String warnings(int count) {
        return count + (count == 1 ? " warning" : " warnings");
    }
}
