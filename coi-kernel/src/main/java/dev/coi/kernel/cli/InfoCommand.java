package dev.coi.kernel.cli;

import dev.coi.api.AiTool;
import dev.coi.kernel.base.CoiException;
import dev.coi.kernel.base.ExitCodes;
import dev.coi.kernel.sessions.SavedSession;
import dev.coi.kernel.sessions.SessionMetadata;
import dev.coi.kernel.sessions.WorkspaceMode;
import dev.coi.kernel.sessions.manage.SavedSessions;
import dev.coi.kernel.sessions.manage.SavedSessions.ToolSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "info", description = {"Show a saved session; without an id the newest one.",
    "Without an id: the most recently saved session of any workspace."})
final class InfoCommand extends KernelCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", completionCandidates = Candidates.SessionIds.class,
            description = "The session id ('coi list --all').")
    private String id;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            completionCandidates = Candidates.TextOrJson.class,
            description = "text (default) or json.")
    private String format;

    @Override
    public Integer call() throws Exception {
        Formats.TextOrJson chosen = Formats.textOrJson(format);
        SavedSessions saved = context.sessions().savedSessions();
        ToolSession found = id == null
                ? saved.newest().orElseThrow(() -> CoiException.failure(
                        "no sessions found (specify session ID or use 'coi list --all')"))
                : saved.find(id).orElseThrow(() -> CoiException.failure(
                        "session not found: " + id + " - 'coi list --all' shows the saved sessions"));
        SavedSession session = found.session();
        session.problem().ifPresent(problem -> context.output().warn(problem));
        Optional<String> stateDirectory = context.kernel().plugins().tool(found.tool())
                .flatMap(AiTool::configDirectory);
        long size = SavedSessions.stateSize(session, stateDirectory);
        Optional<SessionMetadata> metadata = session.metadata();
        String resume = "coi shell --resume=" + session.id();
        if (chosen == Formats.TextOrJson.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", session.id());
            json.put("tool", found.tool());
            json.put("container_name", metadata.map(SessionMetadata::containerName).orElse(""));
            json.put("workspace", metadata.map(SessionMetadata::workspace).orElse(""));
            json.put("persistent", metadata.map(SessionMetadata::persistent).orElse(false));
            json.put("image", metadata.map(SessionMetadata::image).orElse(""));
            json.put("workspace_mode", workspaceMode(metadata));
            json.put("saved_at", found.savedAt().map(SessionTimes::saved).orElse(""));
            json.put("has_state", session.hasState());
            json.put("data_size", size);
            json.put("path", session.directory().toString());
            json.put("resume_command", resume);
            context.output().json(json);
            return ExitCodes.OK;
        }
        List<String> lines = new ArrayList<>(List.of("Session Information", "===================", ""));
        lines.add("Session ID:     " + session.id());
        lines.add("Tool:           " + found.tool());
        metadata.map(SessionMetadata::containerName).filter(name -> !name.isEmpty())
                .ifPresent(name -> lines.add("Container:      " + name));
        metadata.map(SessionMetadata::workspace).filter(workspace -> !workspace.isEmpty())
                .ifPresent(workspace -> lines.add("Workspace:      " + workspace));
        metadata.ifPresent(known -> lines.add("Mode:           " + (known.persistent() ? "persistent" : "ephemeral")));
        metadata.ifPresent(known -> lines.add("Workspace Mode: " + workspaceMode(metadata)));
        found.savedAt().ifPresent(when -> lines.add("Saved At:       " + SessionTimes.saved(when)));
        lines.add("Session Data:   " + (session.hasState()
                ? "✓ Present" + stateDirectory.map(directory -> " (" + directory + " directory)").orElse("")
                : "✗ Missing"));
        if (session.hasState()) {
            lines.add("Data Size:      " + Sizes.human(size));
        }
        lines.addAll(List.of("", "Session Path:   " + session.directory(), "", "Resume:         " + resume));
        lines.forEach(context.output()::data);
        return ExitCodes.OK;
    }

    /** Sessions saved before coi copied workspaces mounted theirs. */
    private static String workspaceMode(Optional<SessionMetadata> metadata) {
        return metadata.map(SessionMetadata::workspaceMode).filter(mode -> !mode.isEmpty())
                .orElse(WorkspaceMode.MOUNT.configName());
    }
}
