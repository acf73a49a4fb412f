/** The coi plugin tool-claude. */
module dev.coi.plugin.claude {
    requires dev.coi.api;
}
