package dev.coi.kernel.sessions;

import dev.coi.api.SessionEnding;
import dev.coi.kernel.incus.Instance;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A session container as its {@link SessionLabels} describe it. Containers the reference tool made carry no
 * labels: they are session containers by name only, and count as persistent so that coi never deletes them.
 *
 * @param instance the Incus instance, without its run-time state: lists and look-ups do not ask for it
 * @param sessionId the coi session id, when labelled
 * @param workspace the workspace, when labelled
 * @param persistent whether it is kept after it stops
 * @param tool the AI tool's name, when labelled
 * @param uid the user id the tool runs as
 * @param home that user's home directory
 */
public record SessionContainer(Instance instance, Optional<String> sessionId, Optional<Path> workspace,
        boolean persistent, Optional<String> tool, int uid, String home) {

    public static final int CODE_UID = 1000;
    public static final String CODE_HOME = "/home/code";

    public static SessionContainer of(Instance instance) {
        Map<String, String> config = instance.config();
        Optional<String> sessionId = label(config, SessionLabels.SESSION_ID);
        return new SessionContainer(instance, sessionId,
                label(config, SessionLabels.WORKSPACE).map(Path::of),
                sessionId.isEmpty() || !"false".equals(config.get(SessionLabels.PERSISTENT)),
                label(config, SessionLabels.TOOL),
                label(config, SessionLabels.UID).map(Integer::parseInt).orElse(CODE_UID),
                label(config, SessionLabels.HOME).orElse(CODE_HOME));
    }

    public String name() {
        return instance.name();
    }

    /** How its workspace reaches it: by the label, mounted for containers of older coi versions. */
    public WorkspaceMode workspaceMode() {
        return WorkspaceMode.ofLabel(instance.config().get(SessionLabels.WORKSPACE_MODE));
    }

    public boolean isRunning() {
        return instance.isRunning();
    }

    /** Frozen: its processes wait ({@code coi container freeze}, or the monitor at a high threat). */
    public boolean isFrozen() {
        return instance.isFrozen();
    }

    /** Its processes exist, going on or frozen. */
    public boolean isRunningOrFrozen() {
        return instance.isRunningOrFrozen();
    }

    public boolean isStopped() {
        return instance.isStopped();
    }

    /** The session as its lifecycle hooks see it when it is about to end. */
    public SessionEnding ending() {
        return new SessionEnding(name(), sessionId, workspace, tool, persistent);
    }

    /** Whether coi made it (with labels) rather than the reference tool or a user by hand. */
    public boolean isLabelled() {
        return sessionId.isPresent();
    }

    private static Optional<String> label(Map<String, String> config, String key) {
        return Optional.ofNullable(config.get(key)).filter(value -> !value.isBlank());
    }
}
