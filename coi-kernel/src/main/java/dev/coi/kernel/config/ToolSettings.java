package dev.coi.kernel.config;

import dev.coi.api.PermissionMode;
import java.util.Optional;

/**
 * The {@code [tool]} settings.
 *
 * @param name   the AI coding tool to run; empty when no source names one and no installed tool is the default
 * @param binary the command that starts it, when not the tool's own
 * @param permissionMode whether it runs without asking
 */
public record ToolSettings(String name, Optional<String> binary, PermissionMode permissionMode) {

    /**
     * The reference tool's only tool, Claude Code: the tool of session containers and saved sessions made before coi
     * labelled them with their tool (the reference's containers, {@code ~/.coi/sessions-claude}), and the best guess
     * where the configuration cannot say (it does not load). A compatibility name like the {@code CLAUDE_ON_INCUS_*}
     * variables, not the default of {@code tool.name}, which the tool plugins decide ({@code AiTool.isDefault()}).
     */
    public static final String REFERENCE_TOOL = "claude";
}
