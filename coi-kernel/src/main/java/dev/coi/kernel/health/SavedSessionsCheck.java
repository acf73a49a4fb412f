package dev.coi.kernel.health;

import dev.coi.api.HealthCheck;
import dev.coi.api.HealthResult;
import dev.coi.api.HealthResult.Status;
import dev.coi.api.HostCommands;
import dev.coi.api.HostProbe;
import dev.coi.kernel.base.Bytes;
import dev.coi.kernel.sessions.SavedSession;
import dev.coi.kernel.sessions.manage.SavedSessions;
import dev.coi.kernel.sessions.manage.SavedSessions.ToolSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code saved_sessions}: how many sessions are saved per tool and how much room they take, and which of them
 * cannot be resumed because their {@code metadata.json} is missing or unreadable.
 */
public final class SavedSessionsCheck implements HealthCheck {

    private final SavedSessions saved;

    public SavedSessionsCheck(SavedSessions saved) {
        this.saved = saved;
    }

    @Override
    public String name() {
        return "saved_sessions";
    }

    @Override
    public String category() {
        return "STATUS";
    }

    @Override
    public HealthResult run(HostCommands host, HostProbe probe) {
        List<ToolSession> sessions = saved.list();
        Map<String, List<ToolSession>> byTool = new TreeMap<>(sessions.stream()
                .collect(Collectors.groupingBy(ToolSession::tool)));
        Map<String, String> details = new LinkedHashMap<>();
        String perTool = byTool.entrySet().stream().map(tool -> {
            long bytes = tool.getValue().stream().mapToLong(session -> SavedSessions.size(session.session().directory()))
                    .sum();
            details.put(tool.getKey(), tool.getValue().size() + " sessions, " + bytes + " bytes");
            return tool.getKey() + ": " + tool.getValue().size() + ", " + Bytes.human(bytes);
        }).collect(Collectors.joining("; "));
        String summary = sessions.size() + (sessions.size() == 1 ? " session" : " sessions")
                + (perTool.isEmpty() ? "" : " (" + perTool + ")");
        List<SavedSession> broken = sessions.stream().map(ToolSession::session)
                .filter(session -> session.problem().isPresent()).toList();
        if (broken.isEmpty()) {
            return new HealthResult(Status.OK, summary, "", details);
        }
        String which = broken.stream().map(session -> session.directory() + " (" + session.problem().get() + ")")
                .collect(Collectors.joining(", "));
        return new HealthResult(Status.WARNING, summary + "; " + broken.size() + " cannot be resumed: " + which,
                "repair or move away the metadata.json named (coi list --all shows the sessions); the saved state"
                        + " beside it is left as it is", details);
    }
}
