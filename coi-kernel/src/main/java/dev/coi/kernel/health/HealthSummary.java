package dev.coi.kernel.health;

/**
 * How many checks came out which way.
 *
 * @param total    all checks
 * @param passed   ok
 * @param warnings warning
 * @param failed   failed
 */
public record HealthSummary(int total, int passed, int warnings, int failed) {
}
