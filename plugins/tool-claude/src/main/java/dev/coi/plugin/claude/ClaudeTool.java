package dev.coi.plugin.claude;

import dev.coi.api.AiTool;
import dev.coi.api.ToolLaunch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Claude Code, started with its permission prompts off: the container is the sandbox. */
public final class ClaudeTool implements AiTool {

    /** Claude Code keeps the conversations of a project under a folder named after its path. */
    private static final Path WORKSPACE_CONVERSATIONS = Path.of("projects", "-workspace");

    @Override
    public String name() {
        return "claude";
    }

    @Override
    public String binary() {
        return "claude";
    }

    @Override
    public Optional<String> configDirectory() {
        return Optional.of(".claude");
    }

    @Override
    public List<String> commandLine(ToolLaunch launch) {
        List<String> argv = new ArrayList<>(List.of(binary(), "--verbose", "--permission-mode", "bypassPermissions"));
        if (!launch.resume()) {
            argv.addAll(List.of("--session-id", launch.coiSessionId()));
        } else {
            argv.add("--resume");
            launch.toolSessionId().ifPresent(argv::add);
        }
        return List.copyOf(argv);
    }

    @Override
    public Map<String, Object> sandboxSettings() {
        return Map.of(
                "allowDangerouslySkipPermissions", true,
                "bypassPermissionsModeAccepted", true,
                "permissions", Map.of("defaultMode", "bypassPermissions"));
    }

    /**
     * The most recently written conversation of the workspace, so that resuming continues where the user
     * stopped even when the saved state holds several conversations.
     */
    @Override
    public Optional<String> discoverSessionId(Path savedStateDirectory) {
        Path conversations = savedStateDirectory.resolve(WORKSPACE_CONVERSATIONS);
        if (!Files.isDirectory(conversations)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(conversations)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".jsonl"))
                    .max(Comparator.comparing(ClaudeTool::modified).thenComparing(Path::getFileName))
                    .map(file -> file.getFileName().toString().replaceFirst("\\.jsonl$", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list saved conversations in " + conversations, e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
