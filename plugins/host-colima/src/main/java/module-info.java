/** Colima and Lima VMs as coi host environments. */
module dev.coi.plugin.colima {
    requires dev.coi.api;

    provides dev.coi.api.CoiPlugin with dev.coi.plugin.colima.ColimaPlugin;
}
