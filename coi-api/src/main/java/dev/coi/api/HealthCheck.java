package dev.coi.api;

/**
 * One named check of {@code coi health}.
 *
 * @since 0.1.0
 */
public interface HealthCheck {

    /**
     * The key of the check in the JSON report, snake case, for example {@code firewall}.
     *
     * @return the name
     */
    String name();

    /**
     * The section the check is shown in, for example {@code NETWORKING}.
     *
     * @return the category
     */
    String category();

    /**
     * Runs the check. It must not change the host and should finish within a few seconds.
     *
     * @param host runs host commands
     * @param probe reads host files, environment and settings
     * @return the outcome
     */
    HealthResult run(HostCommands host, HostProbe probe);
}
