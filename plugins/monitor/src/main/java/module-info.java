/** A security monitor of coi sessions. */
module dev.coi.plugin.monitor {
    requires dev.coi.api;

    provides dev.coi.api.CoiPlugin with dev.coi.plugin.monitor.MonitorPlugin;
}
