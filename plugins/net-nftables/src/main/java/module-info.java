/** nftables, driven directly, as a network backend of coi. */
module dev.coi.plugin.nftables {
    requires dev.coi.api;

    provides dev.coi.api.CoiPlugin with dev.coi.plugin.nftables.NftablesPlugin;
}
