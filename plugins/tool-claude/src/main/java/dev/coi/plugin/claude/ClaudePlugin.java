package dev.coi.plugin.claude;

import dev.coi.api.CoiPlugin;
import dev.coi.api.Extension;
import java.util.List;

/** Contributes Claude Code as the AI tool {@code claude}. */
public final class ClaudePlugin implements CoiPlugin {

    @Override
    public String id() {
        return "tool-claude";
    }

    @Override
    public String description() {
        return "Claude Code: its install from npm at coi build, identity, command lines for new and resumed sessions, sandbox settings, session id discovery";
    }

    @Override
    public List<Extension> extensions() {
        return List.of(new ClaudeTool());
    }
}
