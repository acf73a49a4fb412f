package dev.coi.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A session in its container, from the moment the container is known until the tool runs:
 * {@link SessionLifecycle#containerCreated}, {@link SessionLifecycle#beforeStart}, {@link SessionLifecycle#started}.
 *
 * @param sessionId the coi session id (a UUID); a session continued in its container keeps the container's
 * @param container the container's name
 * @param workspace the host folder the session works in, absolute
 * @param toolName the AI tool's name ({@code tool.name})
 * @param persistent whether the container is kept after the session ends
 * @param network the network mode the session runs in
 * @since 0.2.0
 */
public record SessionEvent(String sessionId, String container, Path workspace, String toolName, boolean persistent,
        NetworkMode network) {

    /**
     * Checks the components.
     *
     * @param sessionId the session id
     * @param container the container's name
     * @param workspace the workspace
     * @param toolName the tool's name
     * @param persistent whether the container is kept
     * @param network the network mode
     */
    public SessionEvent {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(network, "network");
    }
}
