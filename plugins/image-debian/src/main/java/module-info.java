/** The coi image from Debian: its content script, and its offline build with debootstrap. */
module dev.coi.plugin.debian {
    requires dev.coi.api;

    provides dev.coi.api.CoiPlugin with dev.coi.plugin.debian.DebianImagePlugin;
}
