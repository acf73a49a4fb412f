package dev.coi.plugin.aider;

import dev.coi.api.AiTool;
import dev.coi.api.ToolLaunch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Aider, told to answer yes to its own questions: the container is the sandbox. Aider keeps its chat history
 * in the workspace, not in a state folder of its own, so there is no folder to save and no session id.
 */
public final class AiderTool implements AiTool {

    @Override
    public String name() {
        return "aider";
    }

    @Override
    public String binary() {
        return "aider";
    }

    @Override
    public Optional<String> configDirectory() {
        return Optional.empty();
    }

    @Override
    public List<String> commandLine(ToolLaunch launch) {
        List<String> argv = new ArrayList<>(List.of(binary(), "--yes-always"));
        if (launch.resume()) {
            argv.add("--restore-chat-history");
        }
        return List.copyOf(argv);
    }

    @Override
    public Map<String, Object> sandboxSettings() {
        return Map.of();
    }

    @Override
    public Optional<String> discoverSessionId(Path savedStateDirectory) {
        return Optional.empty();
    }
}
