package dev.coi.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A session coi is about to end: {@link SessionLifecycle#ending}. What it says comes from the labels coi gave the
 * container; a container coi did not make (the reference tool's) has none of them.
 *
 * @param container the container's name
 * @param sessionId the coi session id, when labelled
 * @param workspace the host folder the session worked in, when labelled
 * @param toolName the AI tool's name, when labelled
 * @param persistent whether the container is kept after the session ends
 * @since 0.2.0
 */
public record SessionEnding(String container, Optional<String> sessionId, Optional<Path> workspace,
        Optional<String> toolName, boolean persistent) {

    /**
     * Checks the components.
     *
     * @param container the container's name
     * @param sessionId the session id, if known
     * @param workspace the workspace, if known
     * @param toolName the tool's name, if known
     * @param persistent whether the container is kept
     */
    public SessionEnding {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(toolName, "toolName");
    }
}
