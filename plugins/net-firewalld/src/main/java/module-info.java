/** The coi plugin net-firewalld. */
module dev.coi.plugin.firewalld {
    requires dev.coi.api;
}
