/** The coi plugin tool-aider. */
module dev.coi.plugin.aider {
    requires dev.coi.api;
}
