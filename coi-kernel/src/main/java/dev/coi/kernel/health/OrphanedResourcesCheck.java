package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.sessions.SessionContainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code orphaned_resources}: session containers that nobody will finish. A stopped ephemeral container is one a
 * killed coi could not save and delete; a container whose workspace folder is gone cannot be used for it again.
 * Only reported: the next {@code coi clean} (or any command that lists sessions) saves and removes the first kind,
 * and whether the second kind may go is the user's call.
 */
public final class OrphanedResourcesCheck implements HealthCheck {

    private final Supplier<List<SessionContainer>> containers;
    private final Predicate<Path> folderExists;

    /** @param folderExists whether a workspace folder is still there */
    public OrphanedResourcesCheck(Supplier<List<SessionContainer>> containers, Predicate<Path> folderExists) {
        this.containers = containers;
        this.folderExists = folderExists;
    }

    @Override
    public String name() {
        return "orphaned_resources";
    }

    @Override
    public String category() {
        return "STATUS";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        List<String> unsaved = new ArrayList<>();
        List<String> stoppedWithoutWorkspace = new ArrayList<>();
        List<String> runningWithoutWorkspace = new ArrayList<>();
        for (SessionContainer container : containers.get()) {
            boolean workspaceGone = container.workspace().filter(folderExists.negate()).isPresent();
            if (container.isStopped() && !container.persistent()) {
                unsaved.add(container.name());
            } else if (workspaceGone && container.isStopped()) {
                stoppedWithoutWorkspace.add(container.name() + " (" + container.workspace().get() + ")");
            } else if (workspaceGone) {
                runningWithoutWorkspace.add(container.name() + " (" + container.workspace().get() + ")");
            }
        }
        if (unsaved.isEmpty() && stoppedWithoutWorkspace.isEmpty() && runningWithoutWorkspace.isEmpty()) {
            return HealthResult.ok("no orphaned session containers");
        }
        List<String> found = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        Map<String, String> details = new LinkedHashMap<>();
        if (!unsaved.isEmpty()) {
            found.add("stopped ephemeral containers whose session is not saved yet: " + String.join(", ", unsaved));
            details.put("unsaved", String.join(", ", unsaved));
        }
        if (!stoppedWithoutWorkspace.isEmpty()) {
            found.add("stopped containers whose workspace folder is gone: " + String.join(", ", stoppedWithoutWorkspace));
            details.put("stopped_without_workspace", String.join(", ", stoppedWithoutWorkspace));
        }
        if (!unsaved.isEmpty() || !stoppedWithoutWorkspace.isEmpty()) {
            fixes.add("coi clean (it saves their sessions first, then deletes the stopped containers)");
        }
        if (!runningWithoutWorkspace.isEmpty()) {
            found.add("running containers whose workspace folder is gone: " + String.join(", ", runningWithoutWorkspace));
            details.put("running_without_workspace", String.join(", ", runningWithoutWorkspace));
            fixes.add("stop them with coi shutdown NAME, then coi clean");
        }
        return new HealthResult(Status.WARNING, String.join("; ", found), String.join("; ", fixes), details);
    }
}
