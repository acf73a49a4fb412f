package dev.coi.kernel.cli;

import dev.coi.kernel.config.FlagOverride;
import dev.coi.kernel.sessions.launch.ShellRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags {@code coi shell} and {@code coi} alone share. */
final class SessionOptions {

    @Mixin
    ContainerOptions container;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "auto", paramLabel = "ID",
            completionCandidates = Candidates.SessionIds.class,
            description = "Resume a saved session: the newest of this workspace, or the one with this id.")
    String resume;

    @Option(names = "--continue", arity = "0..1", fallbackValue = "auto", paramLabel = "ID",
            completionCandidates = Candidates.SessionIds.class,
            description = "The same as --resume.")
    String continueId;

    @Option(names = "--network", paramLabel = "MODE", completionCandidates = Candidates.NetworkModes.class,
            description = "Network mode: open, restricted or allowlist (default: network.mode).")
    String network;

    @Option(names = "--tool", paramLabel = "NAME", completionCandidates = Candidates.ToolNames.class,
            description = "The AI tool to run (default: tool.name); 'coi tool list' shows them.")
    String tool;

    @Option(names = "--permission-mode", paramLabel = "PERMISSION", completionCandidates = Candidates.PermissionModes.class,
            description = "bypass: the tool runs without asking, the container is the sandbox; interactive: it asks"
                    + " as on the host (default: tool.permission_mode, else bypass).")
    String permissionMode;

    /** The flags that set configuration keys: the container's, --tool for tool.name, --permission-mode. */
    List<FlagOverride> overrides() {
        List<FlagOverride> overrides = new ArrayList<>(container.overrides());
        if (tool != null) {
            overrides.add(new FlagOverride("tool.name", tool, "--tool"));
        }
        if (permissionMode != null) {
            overrides.add(new FlagOverride("tool.permission_mode", permissionMode, "--permission-mode"));
        }
        return overrides;
    }

    ShellRequest request(boolean debug, boolean background, boolean tmux) {
        Optional<String> resumed = Optional.ofNullable(continueId).or(() -> Optional.ofNullable(resume));
        return new ShellRequest(container.request(Optional.ofNullable(network)), resumed, debug, background, tmux);
    }
}
