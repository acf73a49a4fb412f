package dev.coi.api;

import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a {@link HealthCheck}.
 *
 * @param status ok, warning or failed
 * @param message what was found, one line
 * @param fix how to fix a warning or failure; empty when ok
 * @param details extra facts for the JSON report
 * @since 0.1.0
 */
public record HealthResult(Status status, String message, String fix, Map<String, String> details) {

    /** How a check came out. */
    public enum Status {
        /** Works. */
        OK,
        /** Works with limits, or something should be looked at. */
        WARNING,
        /** Does not work. */
        FAILED
    }

    /**
     * Checks and copies the components.
     *
     * @param status the status
     * @param message what was found
     * @param fix how to fix it
     * @param details extra facts
     */
    public HealthResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
        details = Map.copyOf(details);
    }

    /**
     * A passed check.
     *
     * @param message what was found
     * @return the result
     */
    public static HealthResult ok(String message) {
        return new HealthResult(Status.OK, message, "", Map.of());
    }

    /**
     * A warning.
     *
     * @param message what was found
     * @param fix what to do about it
     * @return the result
     */
    public static HealthResult warning(String message, String fix) {
        return new HealthResult(Status.WARNING, message, fix, Map.of());
    }

    /**
     * A failure.
     *
     * @param message what was found
     * @param fix what to do about it
     * @return the result
     */
    public static HealthResult failed(String message, String fix) {
        return new HealthResult(Status.FAILED, message, fix, Map.of());
    }
}
