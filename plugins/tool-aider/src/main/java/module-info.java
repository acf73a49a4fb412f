/** Aider as a coi AI tool. */
module dev.coi.plugin.aider {
    requires dev.coi.api;

    provides dev.coi.api.CoiPlugin with dev.coi.plugin.aider.AiderPlugin;
}
