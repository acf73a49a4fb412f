/** The coi plugin host-colima. */
module dev.coi.plugin.colima {
    requires dev.coi.api;
}
