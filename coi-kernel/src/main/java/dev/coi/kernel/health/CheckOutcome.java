package dev.coi.kernel.health;

import dev.coi.api.HealthResult;

/**
 * One check as it came out.
 *
 * @param name     its key in the report, e.g. {@code incus}
 * @param category the section it is shown in, e.g. {@code CRITICAL}
 * @param result   what it found
 */
public record CheckOutcome(String name, String category, HealthResult result) {
}
