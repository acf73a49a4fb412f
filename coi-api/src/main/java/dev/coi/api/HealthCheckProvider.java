package dev.coi.api;

import java.util.List;

/**
 * Contributes checks to {@code coi health}.
 *
 * @since 0.1.0
 */
public non-sealed interface HealthCheckProvider extends Extension {

    /**
     * The checks this extension contributes.
     *
     * @return the checks
     */
    List<HealthCheck> healthChecks();
}
