package dev.coi.kernel.health;

import dev.coi.api.HealthResult.Status;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What {@code coi health} found.
 *
 * @param timestamp when the checks ran
 * @param checks    every check in the order it ran
 */
public record HealthReport(OffsetDateTime timestamp, List<CheckOutcome> checks) {

    public HealthReport {
        checks = List.copyOf(checks);
    }

    public HealthSummary summary() {
        return new HealthSummary(checks.size(), count(Status.OK), count(Status.WARNING), count(Status.FAILED));
    }

    /** Unhealthy when anything failed, degraded when anything warns, healthy otherwise. */
    public OverallStatus status() {
        HealthSummary summary = summary();
        if (summary.failed() > 0) {
            return OverallStatus.UNHEALTHY;
        }
        return summary.warnings() > 0 ? OverallStatus.DEGRADED : OverallStatus.HEALTHY;
    }

    private int count(Status status) {
        return (int) checks.stream().filter(check -> check.result().status() == status).count();
    }
}
