package dev.coi.kernel.health;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report as {@code coi health --format json} prints it: {@code status}, {@code timestamp} (RFC 3339),
 * {@code checks} by name ({@code name, category, status, message, fix, details}) and {@code summary}.
 */
public final class HealthJson {

    private HealthJson() {
    }

    public static Map<String, Object> of(HealthReport report) {
        Map<String, Object> checks = new LinkedHashMap<>();
        for (CheckOutcome check : report.checks()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", check.name());
            entry.put("category", check.category());
            entry.put("status", check.result().status().name().toLowerCase(Locale.ROOT));
            entry.put("message", check.result().message());
            entry.put("fix", check.result().fix());
            entry.put("details", new TreeMap<>(check.result().details()));
            checks.put(check.name(), entry);
        }
        HealthSummary summary = report.summary();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("total", summary.total());
        counts.put("passed", summary.passed());
        counts.put("warnings", summary.warnings());
        counts.put("failed", summary.failed());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", report.status().jsonName());
        json.put("timestamp", report.timestamp().truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        json.put("checks", checks);
        json.put("summary", counts);
        return json;
    }
}
