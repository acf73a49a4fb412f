package dev.coi.kernel.sessions;

import dev.coi.kernel.base.CoiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a session's container sees the workspace: the host folder bind-mounted at {@code /workspace}, or a copy
 * that goes in when the session starts and comes back with {@code coi sync} and when it ends. A folder of the
 * host can only be mounted into a container of the local Incus daemon.
 */
public enum WorkspaceMode {
    MOUNT, COPY;

    /** The value of {@code workspace.mode} and {@code --workspace-mode} that lets coi choose. */
    public static final String AUTO = "auto";

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode of a new session: the one asked for, or for {@code auto} the one the Incus server allows, which is
     * the one place that decides it. A {@code mount} where the container runs elsewhere is refused before anything
     * is made, with where it runs ({@code SessionStart.requireMountable}).
     *
     * @param asked {@code auto}, {@code mount} or {@code copy}
     * @param localServer whether the container runs on this machine, so that it can mount the host's folders
     * @throws CoiException (usage) for another value
     */
    public static WorkspaceMode choose(String asked, boolean localServer) {
        if (asked.equals(AUTO)) {
            return localServer ? MOUNT : COPY;
        }
        return Arrays.stream(values()).filter(value -> value.configName().equals(asked)).findFirst()
                .orElseThrow(() -> CoiException.usage("invalid workspace mode '" + asked + "': choose auto, "
                        + Arrays.stream(values()).map(WorkspaceMode::configName).collect(Collectors.joining(", "))));
    }

    /** The mode a container's label names; containers of older coi versions have none and mount. */
    public static WorkspaceMode ofLabel(String label) {
        return COPY.configName().equals(label) ? COPY : MOUNT;
    }
}
