package dev.coi.api;

import java.util.Objects;
import java.util.Optional;

/**
 * What the kernel knows about a session when it asks an {@link AiTool} for its command line.
 *
 * @param coiSessionId the coi session id (a UUID), which a new session may hand to the tool as its own id
 * @param resume whether an earlier conversation is being continued
 * @param toolSessionId the tool's own session id found in the saved state, if any
 * @param permissionMode whether the tool runs without asking (since 0.3.1)
 * @since 0.1.0
 */
public record ToolLaunch(String coiSessionId, boolean resume, Optional<String> toolSessionId,
        PermissionMode permissionMode) {

    /**
     * Checks the components.
     *
     * @param coiSessionId the coi session id
     * @param resume whether a conversation is resumed
     * @param toolSessionId the tool's session id, if known
     * @param permissionMode whether the tool runs without asking
     */
    public ToolLaunch {
        Objects.requireNonNull(coiSessionId, "coiSessionId");
        Objects.requireNonNull(toolSessionId, "toolSessionId");
        Objects.requireNonNull(permissionMode, "permissionMode");
    }

    /**
     * A launch in the default permission mode, {@link PermissionMode#BYPASS}, as before 0.3.1.
     *
     * @param coiSessionId the coi session id
     * @param resume whether a conversation is resumed
     * @param toolSessionId the tool's session id, if known
     */
    public ToolLaunch(String coiSessionId, boolean resume, Optional<String> toolSessionId) {
        this(coiSessionId, resume, toolSessionId, PermissionMode.BYPASS);
    }

    /**
     * The same launch in another permission mode.
     *
     * @param mode the permission mode
     * @return the launch
     * @since 0.3.1
     */
    public ToolLaunch withPermissionMode(PermissionMode mode) {
        return new ToolLaunch(coiSessionId, resume, toolSessionId, mode);
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
