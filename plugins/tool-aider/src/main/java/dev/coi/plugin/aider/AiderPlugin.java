package dev.coi.plugin.aider;

import dev.coi.api.CoiPlugin;
import dev.coi.api.Extension;
import java.util.List;

/** Contributes Aider as the AI tool {@code aider}. */
public final class AiderPlugin implements CoiPlugin {

    @Override
    public String id() {
        return "tool-aider";
    }

    @Override
    public String description() {
        return "Aider: its identity and command lines for new and resumed sessions (image install and config files come later)";
    }

    @Override
    public List<Extension> extensions() {
        return List.of(new AiderTool());
    }
}
