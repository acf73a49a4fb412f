package dev.coi.kernel.cli;

import dev.coi.kernel.config.FlagOverride;
import dev.coi.kernel.sessions.ContainerNames;
import dev.coi.kernel.sessions.launch.LaunchRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags of {@code coi shell} and {@code coi run} that say how the session container is made. */
final class ContainerOptions {

    @Option(names = {"-w", "--workspace"}, paramLabel = "DIR", defaultValue = ".",
            description = "The folder mounted (or copied) at /workspace (default: the current folder).")
    Path workspace;

    @Option(names = "--slot", paramLabel = "N",
            description = "Use slot N (1-" + ContainerNames.MAX_SLOTS + ") of the workspace; default: the lowest free slot.")
    Integer slot;

    @Option(names = "--persistent", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Keep the container after the session (default: defaults.persistent, or what a resumed"
                    + " session had).")
    Boolean persistent;

    @Option(names = "--image", paramLabel = "ALIAS", description = "The image (default: defaults.image, coi).")
    String image;

    @Option(names = "--target", paramLabel = "MEMBER", description = TargetOption.DESCRIPTION)
    String target;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE",
            description = "An environment variable for the session; repeatable. Values may hold commas and '='.")
    List<String> environment = new ArrayList<>();

    @Option(names = "--mount", paramLabel = "HOST:CONTAINER",
            description = "Mount a host folder (absolute or ~/...) at an absolute path in the container; repeatable.")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--workspace-mode", paramLabel = "auto|mount|copy",
            description = "How the workspace reaches the container (workspace.mode): mount it, or copy it in and"
                    + " back ('coi sync', and when the session ends); auto = mount where Incus runs on this host.")
    String workspaceMode;

    @Option(names = "--monitor", description = "Watch the session for hostile behaviour (monitoring.enabled): a"
            + " reverse shell stops the container and keeps a copy of it; events go to ~/.coi/audit.")
    boolean monitor;

    @Mixin
    LimitOptions limits;

    /** The flags that set configuration keys: the limits, and --monitor for monitoring.enabled. */
    List<FlagOverride> overrides() {
        List<FlagOverride> overrides = new ArrayList<>(limits.overrides());
        TargetOption.override(target).ifPresent(overrides::add);
        if (workspaceMode != null) {
            overrides.add(new FlagOverride("workspace.mode", workspaceMode, "--workspace-mode"));
        }
        if (monitor) {
            overrides.add(new FlagOverride("monitoring.enabled", "true", "--monitor"));
        }
        return overrides;
    }

    LaunchRequest request(Optional<String> network) {
        return new LaunchRequest(workspace, Optional.ofNullable(slot), Optional.ofNullable(persistent),
                Optional.ofNullable(image), environment, mounts, network);
    }
}
