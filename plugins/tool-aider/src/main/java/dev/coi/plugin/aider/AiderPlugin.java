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
        return "Aider: pipx install for coi build, its config files, chat history kept out of the workspace and restored on resume";
    }

    @Override
    public List<Extension> extensions() {
        return List.of(new AiderTool());
    }
}
