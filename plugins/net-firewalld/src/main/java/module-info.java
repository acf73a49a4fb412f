/** firewalld as the network backend of coi. */
module dev.coi.plugin.firewalld {
    requires dev.coi.api;

    provides dev.coi.api.CoiPlugin with dev.coi.plugin.firewalld.FirewalldPlugin;
}
