package dev.coi.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What the kernel knows about a session when it asks an {@link AiTool} for its command line.
 *
 * @param coiSessionId the coi session id (a UUID), which a new session may hand to the tool as its own id
 * @param resume whether an earlier conversation is being continued
 * @param toolSessionId the tool's own session id found in the saved state, if any
 * @since 0.1.0
 */
public record ToolLaunch(String coiSessionId, boolean resume, Optional<String> toolSessionId) {

    /**
     * Checks the components.
     *
     * @param coiSessionId the coi session id
     * @param resume whether a conversation is resumed
     * @param toolSessionId the tool's session id, if known
     */
    public ToolLaunch {
        Objects.requireNonNull(coiSessionId, "coiSessionId");
        Objects.requireNonNull(toolSessionId, "toolSessionId");
    }

    /**
     * A new conversation.
     *
     * @param coiSessionId the coi session id
     * @return the launch
     */
    public static ToolLaunch fresh(String coiSessionId) {
        return new ToolLaunch(coiSessionId, false, Optional.empty());
    }

    /**
     * A resumed conversation.
     *
     * @param coiSessionId the coi session id
     * @param toolSessionId the tool's own session id, when the saved state holds one
     * @return the launch
     */
    public static ToolLaunch resumed(String coiSessionId, Optional<String> toolSessionId) {
        return new ToolLaunch(coiSessionId, true, toolSessionId);
    }
}
