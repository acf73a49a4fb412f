package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.sessions.SessionContainer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@code active_containers}: how many session containers run and how many are stopped; for information only. */
public final class ActiveContainersCheck implements HealthCheck {

    private final Supplier<List<SessionContainer>> containers;

    public ActiveContainersCheck(Supplier<List<SessionContainer>> containers) {
        this.containers = containers;
    }

    @Override
    public String name() {
        return "active_containers";
    }

    @Override
    public String category() {
        return "STATUS";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        List<SessionContainer> all = containers.get();
        List<String> running = all.stream().filter(SessionContainer::isRunning).map(SessionContainer::name).toList();
        long stopped = all.stream().filter(SessionContainer::isStopped).count();
        return new HealthResult(Status.OK, running.size() + " running, " + stopped + " stopped (coi list shows them)",
                "", Map.of("running", String.join(", ", running), "total", Integer.toString(all.size())));
    }
}
