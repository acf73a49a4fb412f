package dev.coi.kernel.cli;

import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.manage.ContainerSummary;
import dev.coi.kernel.sessions.manage.SavedSessions.ToolSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = {
    "List the session containers; with --all also the saved sessions.",
    "Those of every workspace are listed.",
    "Stopped ephemeral containers an earlier coi could not finish are saved and removed first."})
final class ListCommand extends KernelCommand implements ServedByResident {

    @Option(names = "--all", description = "Also list the saved sessions (of every tool).")
    private boolean all;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = Candidates.TextOrJson.class,
            description = "text (default) or json.")
    private String format;

    @Override
    public Integer call() throws Exception {
        Formats.TextOrJson chosen = Formats.textOrJson(format);
        List<ContainerSummary> containers = context.sessions().sessionContainers().summariesAfterReaping();
        List<ToolSession> sessions = all ? context.sessions().savedSessions().list() : List.of();
        if (chosen == Formats.TextOrJson.JSON) {
            context.output().json(json(containers, all ? Optional.of(sessions) : Optional.empty()));
        } else {
            text(containers, all ? Optional.of(sessions) : Optional.empty()).forEach(context.output()::data);
        }
        return ExitCodes.OK;
    }

    /** @param sessions present with {@code --all} */
    static Map<String, Object> json(List<ContainerSummary> containers, Optional<List<ToolSession>> sessions) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("active_containers", containers.stream().map(ListCommand::json).toList());
        sessions.ifPresent(saved -> json.put("saved_sessions", saved.stream().map(ListCommand::json).toList()));
        return json;
    }

    /** @param sessions present with {@code --all} */
    static List<String> text(List<ContainerSummary> containers, Optional<List<ToolSession>> sessions) {
        List<String> lines = new ArrayList<>(List.of("Active Containers:", "------------------"));
        if (containers.isEmpty()) {
            lines.add("  (none)");
        }
        for (ContainerSummary container : containers) {
            lines.add("  " + container.name() + " (" + (container.persistent() ? "persistent" : "ephemeral") + ")");
            lines.add("    Status: " + container.status());
            container.member().ifPresent(member -> lines.add("    Member: " + member));
            container.ipv4().ifPresent(ip -> lines.add("    IPv4: " + ip));
            container.createdAt().ifPresent(created -> lines.add("    Created: " + SessionTimes.created(created)));
            container.image().ifPresent(image -> lines.add("    Image: " + image));
            container.workspace().ifPresent(workspace -> lines.add("    Workspace: " + workspace));
            container.workspace().ifPresent(workspace -> lines.add("    Workspace mode: " + container.workspaceMode()));
            if (!container.limits().isEmpty()) {
                lines.add("    Limits: " + container.limits().entrySet().stream()
                        .map(limit -> limit.getKey() + "=" + limit.getValue()).collect(Collectors.joining(", ")));
            }
        }
        if (sessions.isEmpty()) {
            return lines;
        }
        lines.addAll(List.of("", "Saved Sessions:", "---------------"));
        if (sessions.get().isEmpty()) {
            lines.add("  (none)");
        }
        for (ToolSession session : sessions.get()) {
            lines.add("  " + session.id());
            session.savedAt().ifPresent(saved -> lines.add("    Saved: " + SessionTimes.saved(saved)));
            workspace(session).ifPresent(workspace -> lines.add("    Workspace: " + workspace));
            lines.add("    Tool: " + session.tool());
            session.session().problem().ifPresent(problem -> lines.add("    Problem: " + problem));
        }
        return lines;
    }

    /** Keys in alphabetical order, as the reference tool prints them; {@code workspace} only when known, {@code location} (the
     * cluster member) only on a cluster. */
    private static Map<String, Object> json(ContainerSummary container) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("created_at", container.createdAt().map(SessionTimes::created).orElse(""));
        json.put("image", container.image().orElse(""));
        json.put("ipv4", container.ipv4().orElse(""));
        if (!container.limits().isEmpty()) {
            json.put("limits", container.limits());
        }
        container.member().ifPresent(member -> json.put("location", member));
        json.put("name", container.name());
        json.put("persistent", container.persistent());
        json.put("status", container.status());
        container.workspace().ifPresent(workspace -> json.put("workspace", workspace.toString()));
        json.put("workspace_mode", container.workspaceMode());
        return json;
    }

    /**
     * The reference tool's keys {@code ID}, {@code SavedAt} and {@code Workspace} (always there), which scripts read,
     * and beside them the snake case keys of coi's other JSON; in byte order, as the reference sorts them.
     */
    private static Map<String, Object> json(ToolSession session) {
        String savedAt = session.savedAt().map(SessionTimes::saved).orElse("");
        Optional<String> workspace = workspace(session);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ID", session.id());
        json.put("SavedAt", savedAt);
        json.put("Workspace", workspace.orElse(""));
        json.put("id", session.id());
        json.put("saved_at", savedAt);
        json.put("tool", session.tool());
        workspace.ifPresent(known -> json.put("workspace", known));
        return json;
    }

    private static Optional<String> workspace(ToolSession session) {
        return session.session().metadata().map(SessionMetadata::workspace).filter(workspace -> !workspace.isEmpty());
    }
}
