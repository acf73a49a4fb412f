/** Claude Code as a coi AI tool. */
module dev.coi.plugin.claude {
    requires dev.coi.api;

    provides dev.coi.api.CoiPlugin with dev.coi.plugin.claude.ClaudePlugin;
}
