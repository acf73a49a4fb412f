package dev.coi.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A session as coi planned it, before anything is made for it: {@link SessionLifecycle#planned}.
 *
 * @param sessionId the coi session id (a UUID); a resumed session keeps its earlier one
 * @param workspace the host folder the session works in, absolute
 * @param toolName the AI tool's name ({@code tool.name}), for example {@code claude}
 * @param persistent whether the container is kept after the session ends
 * @param network the network mode the session runs in
 * @since 0.2.0
 */
public record SessionPlan(String sessionId, Path workspace, String toolName, boolean persistent,
        NetworkMode network) {

    /**
     * Checks the components.
     *
     * @param sessionId the session id
     * @param workspace the workspace
     * @param toolName the tool's name
     * @param persistent whether the container is kept
     * @param network the network mode
     */
    public SessionPlan {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(network, "network");
    }

    /**
     * This session in its container, once the container is known.
     *
     * @param container the container's name
     * @return the event
     */
    public SessionEvent in(String container) {
        return new SessionEvent(sessionId, container, workspace, toolName, persistent, network);
    }
}
