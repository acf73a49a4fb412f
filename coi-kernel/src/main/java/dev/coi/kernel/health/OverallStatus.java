package dev.coi.kernel.health;

import java.util.Locale;

/** The verdict of {@code coi health}, which is also its exit code. */
public enum OverallStatus {
    /** Every check passed. */
    HEALTHY(0),
    /** Some checks warn, none failed. */
    DEGRADED(1),
    /** At least one check failed. */
    UNHEALTHY(2);

    private final int exitCode;

    OverallStatus(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** @return as the JSON report names it, e.g. {@code healthy} */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
