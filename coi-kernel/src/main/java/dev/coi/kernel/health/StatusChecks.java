package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthCheckProvider;
import dev.coi.kernel.sessions.SessionContainer;
import dev.coi.kernel.sessions.manage.SavedSessions;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Supplier;

/**
 * The kernel's report of the sessions: running containers, saved sessions and what is left of either.
 *
 * @param containers the session containers, listed once for both checks that need them
 * @param saved the saved sessions
 */
record StatusChecks(Supplier<List<SessionContainer>> containers, SavedSessions saved)
        implements HealthCheckProvider {

    @Override
    public String name() {
        return "status";
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(new ActiveContainersCheck(containers), new SavedSessionsCheck(saved),
                new OrphanedResourcesCheck(containers, Files::isDirectory));
    }
}
